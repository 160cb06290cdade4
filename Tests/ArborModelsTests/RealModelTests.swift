import ArborCore
import ArborModels
import Foundation
import MockModelServer
import Testing

/// Where a real OpenAI-compatible server is: `ARBOR_LLM_BASE_URL` (`make test-llm` sets it to the server that
/// `scripts/local-llm start` runs). Nil when it is not set, and the suite is skipped: `make test` does not depend on
/// whatever happens to listen on the machine.
enum RealModel {
    static let baseURL: String? = {
        guard let url = ProcessInfo.processInfo.environment["ARBOR_LLM_BASE_URL"], !url.isEmpty else { return nil }
        return url
    }()
}

@Suite("Real model (ARBOR_LLM_BASE_URL or local-llm)", .enabled(if: RealModel.baseURL != nil), .serialized)
struct RealModelTests {
    static func agent(stream: Bool = false) throws -> OpenAIAgent {
        var configuration = ModelConfiguration(baseURL: RealModel.baseURL ?? "", model: "smollm2")
        configuration.model = ProcessInfo.processInfo.environment["ARBOR_LLM_MODEL"] ?? "smollm2"
        configuration.maxTokens = 96
        configuration.stream = stream
        configuration.responseTimeout = .seconds(300)
        return try OpenAIAgent(configuration: configuration)
    }

    @Test func everyRoleAnswersAndIsRecorded() async throws {
        let agent = try Self.agent()
        let context = OpenAIAgentTests.context
        var calls: [ModelCallRecord] = []
        let policy = try await agent.propose(context, samples: 4, temperature: 1)
        calls += policy.calls
        let value = try await agent.estimateValue(context, samples: 2)
        calls += value.calls
        let supporter = try await agent.argue(context, side: .supporter)
        let opponent = try await agent.argue(context, side: .opponent)
        calls += supporter.calls + opponent.calls
        let judge = try await agent.judge(
            context, first: supporter.value, second: opponent.value, supporterFirst: true, samples: 2)
        calls += judge.calls
        let reflection = try await agent.reflect(OpenAIAgentTests.reflection)
        calls += reflection.calls

        for sample in policy.value {
            print("policy sample → \(sample.action ?? "unparseable"): \(sample.raw.prefix(160))")
        }
        for judgement in value.value { print("value → \(judgement.value): \(judgement.text.prefix(120))") }
        for verdict in judge.value { print("judge → \(verdict.vote?.rawValue ?? "none"): \(verdict.text.prefix(120))") }
        print("supporter: \(supporter.value.prefix(160))\nopponent: \(opponent.value.prefix(160))")
        print("reflection expected: \(reflection.value.expected)\nreflection lesson: \(reflection.value.lesson)")

        #expect(policy.value.count == 4)
        #expect(policy.value.allSatisfy { !$0.raw.isEmpty })
        #expect(judge.value.count == 2)
        #expect(Set(calls.map(\.role)) == [.policy, .value, .supporter, .opponent, .judge, .reflector])
        #expect(calls.allSatisfy { $0.tokensIn > 0 && $0.prompt != nil && $0.completion != nil && !$0.cached })
        #expect(calls.contains { $0.tokensOut > 0 })
    }

    @Test func streamedAnswerMatchesItsDeltas() async throws {
        let client = try Self.agent(stream: true).client
        let request = ChatRequest(
            model: client.configuration.model, messages: [.user("Name one colour.")], temperature: 0, maxTokens: 24,
            stream: true)
        var deltas = ""
        var final: ChatCompletion?
        for try await event in client.stream(request) {
            switch event {
            case .delta(_, let text): deltas += text
            case .finished(let completion): final = completion
            }
        }
        print("streamed: \(deltas)")
        #expect(final?.choices == [deltas])
        #expect(!deltas.isEmpty)
    }
}
