import ArborCore
import Foundation
import MockModelServer
import Synchronization
import Testing

@testable import ArborModels

/// Many samples asked a few at a time are as many distinct draws: each request its own cache key (and seed), a
/// server's cap on `n` learned from its refusal, identical draws reported.
@Suite("Chunked policy samples")
struct ChunkedSamplesTests {
    /// The `n` and `seed` a request asked for.
    static func sampling(_ request: MockRequest) -> (n: Int, seed: Int?) {
        let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        return ((object["n"] as? Int) ?? 1, object["seed"] as? Int)
    }

    /// Answers `n` samples, each naming the request it came from, so copies would show.
    static func numbered(_ request: MockRequest) -> [MockStep] {
        let n = sampling(request).n
        let texts = (0..<n).map {
            "In summary, the next action I will perform is ```click [\(request.index * 10 + $0)]```"
        }
        return MockStep.response(status: 200, body: MockReplies.chat(texts))
    }

    static func agent(
        _ server: MockModelServer, samplesPerRequest: Int? = nil, seed: Int? = nil, cache: (any ResponseCache)? = nil,
        concurrency: Int = 8
    ) throws -> OpenAIAgent {
        var configuration = ModelConfiguration(baseURL: server.baseURL, model: "mock-1", concurrency: concurrency)
        configuration.retry = RetryPolicy(maxAttempts: 1)
        configuration.samplesPerRequest = samplesPerRequest
        configuration.seed = seed
        return OpenAIAgent(
            client: try OpenAIClient(configuration: configuration, cache: cache, environment: { _ in nil }))
    }

    /// Answers `n` samples named after the request's seed, so the samples say which draw they came from whatever
    /// order the requests arrived in.
    static func bySeed(_ request: MockRequest) -> [MockStep] {
        let (n, seed) = sampling(request)
        let texts = (0..<n).map {
            "In summary, the next action I will perform is ```click [\((seed ?? 0) * 10 + $0)]```"
        }
        return MockStep.response(status: 200, body: MockReplies.chat(texts))
    }

    /// The cache key of every request the server received, as a set: requests sent together arrive in any order.
    static func keys(_ requests: [MockRequest]) throws -> Set<String> {
        Set(
            try requests.map { request in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
                return "n=\(object["n"] as? Int ?? 1) seed=\(object["seed"] as? Int ?? -1)"
            })
    }

    @Test func twentySamplesFourAtATimeAreFiveDistinctRequests() async throws {
        let server = try MockModelServer(script: Self.numbered)
        let cache = InMemoryResponseCache()
        let agent = try Self.agent(server, samplesPerRequest: 4, cache: cache)
        let reply = try await agent.propose(OpenAIAgentTests.context, samples: 20, temperature: 1)
        #expect(server.requests.count == 5)
        #expect(server.requests.map { Self.sampling($0).n } == [4, 4, 4, 4, 4])
        #expect(reply.calls.map(\.cached) == [false, false, false, false, false])
        #expect(Set(reply.value.compactMap(\.action)).count == 20)
        #expect(reply.notices.isEmpty)
        // The same ask again is answered from the cache, draw for draw: replays stay exact.
        let again = try await agent.propose(OpenAIAgentTests.context, samples: 20, temperature: 1)
        #expect(server.requests.count == 5)
        #expect(again.calls.map(\.cached) == [true, true, true, true, true])
        #expect(again.value.map(\.action) == reply.value.map(\.action))
    }

    @Test func aSeededChunkedAskSendsADifferentSeedEachRequest() async throws {
        let server = try MockModelServer(script: Self.numbered)
        let agent = try Self.agent(server, samplesPerRequest: 4, seed: 100)
        var second = OpenAIAgentTests.context
        _ = try await agent.propose(OpenAIAgentTests.context, samples: 8, temperature: 1)
        #expect(try Self.keys(server.requests) == ["n=4 seed=100", "n=4 seed=101"])
        second.attempt = 1
        _ = try await agent.propose(second, samples: 8, temperature: 1)
        #expect(try Self.keys(Array(server.requests.dropFirst(2))) == ["n=4 seed=108", "n=4 seed=109"])
    }

    /// The five requests of a twenty-sample ask are all in service at the server at once (each waits there until
    /// the others have arrived), and the samples come back in the order the requests were planned, not answered.
    /// The gather's timeout is long because a passing run never waits it out, while inside the whole suite the
    /// tests that block the cooperative pool's two threads can hold the ask's fifth request back for seconds.
    @Test func theRequestsOfAChunkedAskAreInFlightTogether() async throws {
        let server = try MockModelServer { request in
            [.gather(5, timeout: .seconds(120))] + Self.bySeed(request)
        }
        let agent = try Self.agent(server, samplesPerRequest: 4, seed: 100)
        let reply = try await agent.propose(OpenAIAgentTests.context, samples: 20, temperature: 1)
        #expect(server.peakInService == 5)
        #expect(try Self.keys(server.requests) == Set((100..<105).map { "n=4 seed=\($0)" }))
        #expect(
            reply.value.map(\.action) == (100..<105).flatMap { seed in (0..<4).map { "click [\(seed * 10 + $0)]" } })
        #expect(reply.calls.count == 5)
    }

    /// With the endpoint's concurrency at 2, the five requests go two at a time.
    @Test func theRequestsOfAChunkedAskKeepToTheEndpointsConcurrency() async throws {
        let server = try MockModelServer { request in
            [.gather(2, timeout: .seconds(120))] + Self.bySeed(request)
        }
        let agent = try Self.agent(server, samplesPerRequest: 4, seed: 100, concurrency: 2)
        let reply = try await agent.propose(OpenAIAgentTests.context, samples: 20, temperature: 1)
        #expect(server.requests.count == 5)
        #expect(server.peakInService == 2)
        #expect(
            reply.value.map(\.action) == (100..<105).flatMap { seed in (0..<4).map { "click [\(seed * 10 + $0)]" } })
    }

    @Test func identicalDrawsAreReported() async throws {
        let server = try MockModelServer { _ in
            MockStep.response(status: 200, body: MockReplies.chat(["Action: scroll down", "Action: go_back"]))
        }
        let agent = try Self.agent(server, samplesPerRequest: 2)
        let reply = try await agent.propose(OpenAIAgentTests.context, samples: 6, temperature: 1)
        #expect(reply.value.count == 6)
        #expect(
            reply.notices
                == [2, 3].map { request in
                    AgentNotice(
                        source: .model,
                        message:
                            "request \(request) of this policy ask returned the same 2 samples as request 1; the server "
                            + "may ignore the seed or temperature, and the copies count twice")
                })
    }

    /// llama.cpp's server refuses more than four samples a request with HTTP 400; the agent learns the cap from the
    /// refusal, asks four at a time, says so once, and never asks for more again.
    @Test func aServerCapOnNIsLearnedFromItsRefusal() async throws {
        let server = try MockModelServer { request in
            let n = Self.sampling(request).n
            guard n <= 4 else {
                return MockStep.response(
                    status: 400,
                    body:
                        #"{"error":{"code":400,"message":"Field 'n': Value must be between 1 <= value <= 4, but got \#(n)","type":"invalid_request_error"}}"#
                )
            }
            return Self.numbered(request)
        }
        let agent = try Self.agent(server)
        let reply = try await agent.propose(OpenAIAgentTests.context, samples: 20, temperature: 1)
        #expect(server.requests.map { Self.sampling($0).n } == [20, 4, 4, 4, 4, 4])
        #expect(reply.value.compactMap(\.action).count == 20)
        // The refused request is a call too, with its error (every attempt is counted), then five answers.
        #expect(reply.calls.count == 6)
        #expect(reply.calls.map { $0.error != nil } == [true, false, false, false, false, false])
        let notice = try #require(reply.notices.first)
        #expect(reply.notices.count == 1)
        #expect(notice.source == .limit)
        #expect(notice.message.hasPrefix("n capped at 4 by the server; it refused 20 samples in one request ("))
        #expect(notice.message.hasSuffix("--samples-per-request 4 skips the refused request."))
        #expect(agent.client.sampleCap == 4)

        let later = try await agent.propose(OpenAIAgentTests.context, samples: 6, temperature: 1)
        #expect(server.requests.dropFirst(6).map { Self.sampling($0).n }.sorted() == [2, 4])
        #expect(later.notices.isEmpty)
    }

    @Test func otherBadRequestsAreNotTakenForACap() {
        let url = "http://x/v1/chat/completions"
        #expect(
            SampleCap.stated(
                in: .status(
                    url: url, code: 400, message: "Field 'n': Value must be between 1 <= value <= 4", attempts: 1),
                asked: 20) == 4)
        #expect(
            SampleCap.stated(
                in: .status(url: url, code: 400, message: "'max_tokens' must be at most 4", attempts: 1), asked: 20)
                == nil)
        #expect(
            SampleCap.stated(
                in: .status(url: url, code: 500, message: "Field 'n': value <= 4", attempts: 1), asked: 20) == nil)
        #expect(
            SampleCap.stated(in: .status(url: url, code: 400, message: "'n' must be at most 8", attempts: 1), asked: 4)
                == nil)
    }
}
