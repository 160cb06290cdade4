import ArborCore
import Foundation
import MockModelServer
import Testing

@testable import ArborModels

/// Requests in service at the mock server, counted per role (the model each role's requests name). While more of its
/// role are still to come (of `expected` in all), a request waits there until as many of its role as `gathering` says
/// are in service (or a timeout passes), so requests the client sends together are counted together, not raced.
final class RoleCounts: @unchecked Sendable {
    // `@unchecked Sendable`: every field is read and written under `condition`'s lock.
    private let condition = NSCondition()
    private var serving: [String: Int] = [:]
    private var entered: [String: Int] = [:]
    private var peaks: [String: Int] = [:]
    private let gathering: [String: Int]
    private let expected: [String: Int]

    init(gathering: [String: Int], expected: [String: Int]) {
        self.gathering = gathering
        self.expected = expected
    }

    /// The most requests of `model` in service at once so far.
    func peak(_ model: String) -> Int { condition.withLock { peaks[model] ?? 0 } }

    func enter(_ model: String) {
        condition.lock()
        defer { condition.unlock() }
        serving[model, default: 0] += 1
        entered[model, default: 0] += 1
        peaks[model] = max(peaks[model] ?? 0, serving[model] ?? 0)
        condition.broadcast()
        let deadline = Date().addingTimeInterval(10)
        while (serving[model] ?? 0) < (gathering[model] ?? 1), (entered[model] ?? 0) < (expected[model] ?? 0),
            Date() < deadline
        {
            _ = condition.wait(until: deadline)
        }
    }

    func leave(_ model: String) {
        condition.withLock {
            serving[model, default: 0] -= 1
            condition.broadcast()
        }
    }
}

@Suite("Per-role request limits")
struct RoleLimitTests {
    /// The model a request names.
    static func model(_ request: MockRequest) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        return object["model"] as? String ?? ""
    }

    static func document(_ text: String) throws -> ModelConfiguration {
        var configuration = ModelConfiguration()
        try configuration.apply(TOMLDocument(parsing: text))
        return configuration
    }

    @Test func aRoleTableSetsThatRolesLimit() throws {
        let configuration = try Self.document(
            """
            [model]
            concurrency = 8
            [model.policy]
            max_concurrent_requests = 2
            [model.judge]
            max_concurrent_requests = 1
            """)
        #expect(configuration.concurrency == 8)
        #expect(configuration.roleConcurrency == [.policy: 2, .judge: 1])
    }

    @Test func aLimitBelowOneOrAnUnknownKeyIsAnErrorNamingTheTable() {
        #expect(
            throws: ConfigurationError.wrongType(
                table: "model.value", key: "max_concurrent_requests", expected: "a whole number, 1 or more")
        ) {
            try Self.document("[model.value]\nmax_concurrent_requests = 0")
        }
        #expect(
            throws: ConfigurationError.unknownKey(table: "model.judge", key: "max_concurrent")
        ) {
            try Self.document("[model.judge]\nmax_concurrent = 2")
        }
        #expect(
            ConfigurationError.wrongType(
                table: "model.value", key: "max_concurrent_requests", expected: "a whole number, 1 or more",
                path: "arbor.toml"
            ).description == "arbor.toml: [model.value] max_concurrent_requests must be a whole number, 1 or more")
    }

    /// Five policy requests, three value requests and two judge requests sent at once, with the policy limited to 2
    /// and the judge to 1 in service: at the server the policy's never exceed 2, the judge's never exceed 1, and the
    /// value's (no limit of their own) are all in service together, within the endpoint's 8.
    @Test func eachRoleKeepsToItsOwnLimitWithinTheEndpoints() async throws {
        let counts = RoleCounts(
            gathering: ["mock-policy": 2, "mock-value": 3, "mock-judge": 1],
            expected: ["mock-policy": 5, "mock-value": 3, "mock-judge": 2])
        let server = try MockModelServer { request in
            let model = Self.model(request)
            let text =
                model == "mock-policy"
                ? "In summary, the next action I will perform is ```click [\(request.index)]```"
                : "Status: A. Verdict: A"
            return [.run { counts.enter(model) }, .pause(.milliseconds(20)), .run { counts.leave(model) }]
                + MockStep.response(status: 200, body: MockReplies.chat([text]))
        }
        var configuration = ModelConfiguration(baseURL: server.baseURL, model: "mock-1", concurrency: 8)
        configuration.roleModels = [.policy: "mock-policy", .value: "mock-value", .judge: "mock-judge"]
        configuration.roleConcurrency = [.policy: 2, .judge: 1]
        configuration.retry = RetryPolicy(maxAttempts: 1)
        configuration.samplesPerRequest = 1
        let agent = OpenAIAgent(
            client: try OpenAIClient(configuration: configuration, environment: { _ in nil }))
        let context = OpenAIAgentTests.context
        async let policy = agent.propose(context, samples: 5, temperature: 1)
        async let value = agent.estimateValue(context, samples: 3)
        async let judge = agent.judge(context, first: "yes", second: "no", supporterFirst: true, samples: 2)
        let (proposals, values, votes) = try await (policy, value, judge)
        #expect(proposals.calls.count == 5 && values.calls.count == 3 && votes.calls.count == 2)
        #expect(server.requests.count == 10)
        #expect(counts.peak("mock-policy") == 2)
        #expect(counts.peak("mock-judge") == 1)
        #expect(counts.peak("mock-value") == 3)
    }
}
