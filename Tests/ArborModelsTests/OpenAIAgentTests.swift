import ArborCore
import Foundation
import MockModelServer
import Testing

@testable import ArborModels

@Suite("OpenAI agent: prompts, forgiving parsing, records")
struct OpenAIAgentTests {
    static let context = AgentContext(
        episode: 2, node: NodeID(rawValue: 7), task: "Add the cheapest red bike to the cart.",
        observation: "[1] link 'Home'\n[3] button 'Add to cart' (Red bike, $120)\n[5] link 'Blue bike, $90'",
        previousActions: ["type [2] \"red bike\"", "press [Enter]"],
        actionGrammar: "click [id] · type [id] \"text\" · scroll down|up · go_back · stop [\"answer\"]",
        reflections: [
            Reflection(
                kind: .policy, taskID: "shop/1", task: "Buy a bike", state: "results", action: "click [9]",
                expected: "cart", happened: "review page", lesson: "Read the button label before clicking.",
                surprise: 0.6),
            Reflection(
                kind: .value, taskID: "shop/1", task: "Buy a bike", state: "cart", action: "click [4]",
                expected: "done", happened: "not done", lesson: "A cart page alone is not a finished purchase.",
                surprise: 0.5),
        ],
        earlierObservations: ["[1] link 'Home'\n[2] textbox 'Search'", "[2] textbox 'Search' red bike"],
        rubric: "1. Is the item a bike?\n2. Is it red?\n3. Is it in the cart?")

    static let reflection = ReflectionRequest(
        kind: .policy, taskID: "shop/1", task: "Add the cheapest red bike to the cart.",
        observation: "[3] button 'Add to cart'", action: "click [3]", expectedValue: 0.7,
        nextObservation: "[1] heading 'Write a review'", nextValue: 0.1, episodeSucceeded: false)

    static let valueReflection = ReflectionRequest(
        kind: .value, taskID: "shop/1", task: "Add the cheapest red bike to the cart.",
        observation: "[1] heading 'Write a review'", action: "click [3]", expectedValue: 0.7,
        nextObservation: "[1] heading 'Write a review'", nextValue: -0.6, episodeSucceeded: false,
        evaluation: "(SUPPORT) The red bike was chosen.\n\n(OPPOSE) A review form is not the cart.\n\nJudge 1: B")

    /// Messy answers, the kind small models give, chosen by what the prompt asks for.
    static func answers(_ request: MockRequest) -> [MockStep] {
        let body = request.bodyText
        let texts: [String]
        if body.contains("next action I will perform") {
            texts = [
                "The button [3] adds the red bike.\nIn summary, the next action I will perform is ```click [3]```",
                "**Action:** Click [ 5 ]", "I am not sure what to do here.",
            ]
        } else if body.contains("write a short rubric") {
            texts = ["1. Is it a bike?\n2. Is it red?\n"]
        } else if body.contains("Rubric: <which rubric items") {
            texts = ["The red bike is in view.\nSTATUS CODE: B", "Looks fine, maybe.", "**Status code:** (c)"]
        } else if body.contains("is NOT on the right track") {
            texts = ["- The cart is empty."]
        } else if body.contains("IS on the right track") {
            texts = ["- The Add to cart button is visible."]
        } else if body.contains("Two evaluators argued") {
            texts = ["Both have a point.\nSTATUS CODE: B", "I cannot decide."]
        } else if body.contains("advice would you give the judge") {
            texts = ["The supporter was wrong.\nLesson: A review form is not the cart."]
        } else if body.contains("Expected: <one sentence>") {
            texts = ["I think the cart opens.\nExpected: the cart page with the red bike"]
        } else {
            texts = ["It opened a review form instead.\n**Lesson:** Read the button label before clicking."]
        }
        return MockStep.response(status: 200, body: MockReplies.chat(texts))
    }

    struct Run {
        var calls: [ModelCallRecord] = []
        var blobs: [Blob] = []
        var prompts: [String: String] = [:]
    }

    /// Runs every role once against the scripted server.
    static func runAllRoles(_ server: MockModelServer) async throws -> (
        Run, [PolicySample], [ValueJudgement],
        [JudgeSample], ReflectionDraft, String
    ) {
        var configuration = ModelConfiguration(
            baseURL: server.baseURL, model: "mock-1", roleModels: [.judge: "judge-2"])
        configuration.retry = RetryPolicy(maxAttempts: 1)
        let client = try OpenAIClient(
            configuration: configuration, environment: { $0 == "OPENAI_API_KEY" ? "sk-test-SECRET-0123" : nil })
        let agent = OpenAIAgent(client: client)
        var run = Run()
        func keep<T>(_ reply: AgentReply<T>, as name: String) -> T {
            run.calls += reply.calls
            run.blobs += reply.blobs
            let text = reply.blobs.first { $0.ref == reply.calls.first?.prompt }?.text
            run.prompts[name] = text
            return reply.value
        }
        let policy = keep(try await agent.propose(context, samples: 3, temperature: 1), as: "policy")
        let rubric = keep(try await agent.writeRubric(context), as: "value-rubric")
        #expect(rubric == "1. Is it a bike?\n2. Is it red?")
        let value = keep(try await agent.estimateValue(context, samples: 3), as: "value")
        let supporter = keep(try await agent.argue(context, side: .supporter), as: "supporter")
        let opponent = keep(try await agent.argue(context, side: .opponent), as: "opponent")
        let judge = keep(
            try await agent.judge(context, first: supporter, second: opponent, supporterFirst: true, samples: 2),
            as: "judge")
        let reflectReply = try await agent.reflect(reflection)
        run.calls += reflectReply.calls
        run.blobs += reflectReply.blobs
        run.prompts["policy-expectation"] = reflectReply.blobs.first { $0.ref == reflectReply.calls[0].prompt }?.text
        run.prompts["policy-lesson"] = reflectReply.blobs.first { $0.ref == reflectReply.calls[1].prompt }?.text
        let advice = keep(try await agent.reflect(valueReflection), as: "value-reflection")
        #expect(advice.lesson == "A review form is not the cart.")
        return (run, policy, value, judge, reflectReply.value, opponent)
    }

    @Test func everyRoleParsesMessyAnswers() async throws {
        let server = try MockModelServer(script: Self.answers)
        let (run, policy, value, judge, draft, opponent) = try await Self.runAllRoles(server)
        #expect(policy.map(\.action) == ["click [3]", "click [5]", nil])
        #expect(policy[0].rationale == "The button [3] adds the red bike.")
        #expect(value.map(\.value) == [0.9, 0.5])
        #expect(judge.map(\.vote) == [.b, nil])
        #expect(opponent == "- The cart is empty.")
        #expect(draft.expected == "the cart page with the red bike")
        #expect(draft.lesson == "Read the button label before clicking.")
        #expect(
            run.calls.map(\.role) == [
                .policy, .value, .value, .supporter, .opponent, .judge, .reflector, .reflector, .reflector,
            ])
        #expect(
            run.calls.map(\.model) == [
                "mock-1", "mock-1", "mock-1", "mock-1", "mock-1", "judge-2", "mock-1", "mock-1", "mock-1",
            ])
        #expect(run.calls.allSatisfy { $0.tokensIn == 12 && $0.tokensOut == 3 && !$0.cached })
        #expect(run.calls.first?.episode == 2)
        #expect(run.calls.first?.node == NodeID(rawValue: 7))
        // Every prompt and completion the records name is among the blobs, and the prompt is what was sent.
        let refs = Set(run.blobs.map(\.ref))
        #expect(run.calls.allSatisfy { refs.contains($0.prompt!) && refs.contains($0.completion!) })
        let sent = try JSONDecoder().decode(SentChat.self, from: Data(server.requests[0].body))
        #expect(sent.messages.first?.content == run.prompts["policy"])
        #expect(sent.n == 3)
    }

    @Test func theAPIKeyReachesTheServerButNoRecordOrBlob() async throws {
        let server = try MockModelServer(script: Self.answers)
        let (run, _, _, _, _, _) = try await Self.runAllRoles(server)
        #expect(server.requests.allSatisfy { $0.headers["authorization"] == "Bearer sk-test-SECRET-0123" })
        let encoder = JSONEncoder()
        for call in run.calls {
            let json = String(decoding: try encoder.encode(Event.modelCall(call)), as: UTF8.self)
            #expect(!json.contains("SECRET"))
        }
        #expect(run.blobs.allSatisfy { $0.text?.contains("SECRET") == false })
    }

    @Test(arguments: PromptKind.allCases.map(\.rawValue))
    func everyShippedTemplateRendersToItsGolden(role: String) async throws {
        let server = try MockModelServer(script: Self.answers)
        let (run, _, _, _, _, _) = try await Self.runAllRoles(server)
        let prompt = try #require(run.prompts[role])
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/prompt-\(role).txt")
        if ProcessInfo.processInfo.environment["ARBOR_RECORD"] == "1" {
            try prompt.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(prompt == expected, "re-record with ARBOR_RECORD=1 if the change is intended")
    }

    @Test func eachRoleIsAskedAtExACTsTemperatures() async throws {
        let server = try MockModelServer(script: Self.answers)
        _ = try await Self.runAllRoles(server)
        let sent = try server.requests.map { try JSONDecoder().decode(SentChat.self, from: Data($0.body)) }
        // Policy 1.0 as asked; rubric 0; judgements at the judge temperature (1.0); debaters 0.1; the judge with
        // nucleus 0.95; the reflector 0.
        #expect(sent.map(\.temperature) == [1.0, 0, 1.0, 0.1, 0.1, 1.0, 0, 0, 0])
        #expect(sent.map(\.top_p) == [nil, nil, nil, nil, nil, 0.95, nil, nil, nil])
    }

    @Test func theJudgeReadsBothOrdersWithEachSideLabelled() async throws {
        let server = try MockModelServer { _ in
            MockStep.response(status: 200, body: MockReplies.chat(["STATUS CODE: A", "STATUS CODE: B", "C"]))
        }
        let agent = OpenAIAgent(
            client: try OpenAIClient(
                configuration: ModelConfiguration(baseURL: server.baseURL, model: "mock-1"), environment: { _ in nil }))
        let votes = try await agent.judge(
            Self.context, first: "PRO-ARGUMENT", second: "CON-ARGUMENT", supporterFirst: true, samples: 3)
        #expect(votes.value.map(\.vote) == [.a, .b, .c])
        _ = try await agent.judge(
            Self.context, first: "CON-ARGUMENT", second: "PRO-ARGUMENT", supporterFirst: false, samples: 3)
        let prompts = try server.requests.map {
            try #require(try JSONDecoder().decode(SentChat.self, from: Data($0.body)).messages.first?.content)
        }
        #expect(prompts.count == 2)
        #expect(prompts[0].contains("(SUPPORT) PRO-ARGUMENT\n\n(OPPOSE) CON-ARGUMENT"))
        #expect(prompts[1].contains("(OPPOSE) CON-ARGUMENT\n\n(SUPPORT) PRO-ARGUMENT"))
        #expect(try server.requests.map { try JSONDecoder().decode(SentChat.self, from: Data($0.body)).n } == [3, 3])
    }

    @Test func valueLessonsReachOnlyTheJudgeAndPolicyLessonsOnlyThePolicy() async throws {
        let server = try MockModelServer(script: Self.answers)
        let (run, _, _, _, _, _) = try await Self.runAllRoles(server)
        let policyLesson = "Read the button label before clicking."
        let valueLesson = "A cart page alone is not a finished purchase."
        for (role, prompt) in run.prompts where role != "policy-lesson" && role != "value-reflection" {
            #expect(prompt.contains(policyLesson) == (role == "policy"), "\(role)")
            #expect(prompt.contains(valueLesson) == (role == "judge" || role == "value"), "\(role)")
        }
    }

    @Test func statusLettersMapByExACTsTables() {
        #expect(StatusCode.allCases.map(\.singleValue) == [1.0, 0.9, 0.5, 0.2, 0.0])
        #expect(StatusCode.allCases.map(\.debateValue) == [1.0, 0.7, 0.5, -0.2, -1.0])
        #expect(JudgementParsers.status("Thoughts: fine.\nSTATUS CODE: B") == .b)
        #expect(JudgementParsers.status("Status: d") == .d)
        #expect(JudgementParsers.status("STATUS CODE: A, B, C, D, or E\nSTATUS CODE: E") == .e)
        #expect(JudgementParsers.vote("I think so.\n**Status code:** (b)") == .b)
        #expect(JudgementParsers.vote("Verdict: C") == .c)
        #expect(JudgementParsers.vote(" a. ") == .a)
        #expect(JudgementParsers.vote("no letter here") == nil)
        #expect(JudgementParsers.status("Status: Fine") == nil)
    }

    @Test func aServerIgnoringNIsAskedAgainForTheRest() async throws {
        let server = try MockModelServer { _ in
            MockStep.response(status: 200, body: MockReplies.chat(["Action: scroll down"]))
        }
        var configuration = ModelConfiguration(baseURL: server.baseURL, model: "mock-1")
        configuration.retry = RetryPolicy(maxAttempts: 1)
        let agent = OpenAIAgent(client: try OpenAIClient(configuration: configuration, environment: { _ in nil }))
        let reply = try await agent.propose(Self.context, samples: 3, temperature: 1)
        #expect(reply.value.map(\.action) == ["scroll down", "scroll down", "scroll down"])
        #expect(reply.calls.count == 3)
        #expect(server.requests.map { $0.headers["authorization"] } == [nil, nil, nil])
    }

    @Test func labelledAnswerExtraction() {
        #expect(OpenAIAgent.labelled("lesson", in: "blah\n## Lesson: do X\n") == "do X")
        #expect(OpenAIAgent.labelled("lesson", in: "  just prose  ") == "just prose")
    }
}

private struct SentChat: Decodable {
    var messages: [ChatMessage]
    var n: Int?
    var temperature: Double?
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var top_p: Double?
}
