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
        ])

    static let reflection = ReflectionRequest(
        kind: .policy, taskID: "shop/1", task: "Add the cheapest red bike to the cart.",
        observation: "[3] button 'Add to cart'", action: "click [3]", expectedValue: 0.7,
        nextObservation: "[1] heading 'Write a review'", nextValue: 0.1, episodeSucceeded: false)

    /// Messy answers, the kind small models give, chosen by what the prompt asks for.
    static func answers(_ request: MockRequest) -> [MockStep] {
        let body = request.bodyText
        let texts: [String]
        if body.contains("next action I will perform") {
            texts = [
                "The button [3] adds the red bike.\nIn summary, the next action I will perform is ```click [3]```",
                "**Action:** Click [ 5 ]", "I am not sure what to do here.",
            ]
        } else if body.contains("Progress: <a number") {
            texts = ["The red bike is in view.\nProgress: 0.8", "Looks fine, maybe.", "score: 7"]
        } else if body.contains("NOT on track") {
            texts = ["- The cart is empty."]
        } else if body.contains("Argue that") {
            texts = ["- The Add to cart button is visible."]
        } else if body.contains("Verdict: <letter>") {
            texts = ["Both have a point.\n**Verdict:** (b)", "I cannot decide."]
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
        let value = keep(try await agent.estimateValue(context, samples: 3), as: "value")
        let supporter = keep(try await agent.argue(context, side: .supporter), as: "supporter")
        let opponent = keep(try await agent.argue(context, side: .opponent), as: "opponent")
        let judge = keep(
            try await agent.judge(context, first: supporter, second: opponent, supporterFirst: true, samples: 2),
            as: "judge")
        let reflectReply = try await agent.reflect(reflection)
        run.calls += reflectReply.calls
        run.blobs += reflectReply.blobs
        run.prompts["reflector-expectation"] = reflectReply.blobs.first { $0.ref == reflectReply.calls[0].prompt }?.text
        run.prompts["reflector-lesson"] = reflectReply.blobs.first { $0.ref == reflectReply.calls[1].prompt }?.text
        return (run, policy, value, judge, reflectReply.value, opponent)
    }

    @Test func everyRoleParsesMessyAnswers() async throws {
        let server = try MockModelServer(script: Self.answers)
        let (run, policy, value, judge, draft, opponent) = try await Self.runAllRoles(server)
        #expect(policy.map(\.action) == ["click [3]", "click [5]", nil])
        #expect(policy[0].rationale == "The button [3] adds the red bike.")
        #expect(value.map(\.value) == [0.8, 0.7])
        #expect(judge.map(\.vote) == [.b, nil])
        #expect(opponent == "- The cart is empty.")
        #expect(draft.expected == "the cart page with the red bike")
        #expect(draft.lesson == "Read the button label before clicking.")
        #expect(run.calls.map(\.role) == [.policy, .value, .supporter, .opponent, .judge, .reflector, .reflector])
        #expect(run.calls.map(\.model) == ["mock-1", "mock-1", "mock-1", "mock-1", "judge-2", "mock-1", "mock-1"])
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
        #expect(run.blobs.allSatisfy { !$0.text.contains("SECRET") })
    }

    @Test(arguments: [
        "policy", "value", "supporter", "opponent", "judge", "reflector-expectation", "reflector-lesson",
    ])
    func promptMatchesGolden(role: String) async throws {
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
}
