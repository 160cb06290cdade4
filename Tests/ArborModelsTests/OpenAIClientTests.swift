import ArborModels
import Foundation
import MockModelServer
import Testing

@Suite("OpenAI client against the loopback mock server")
struct OpenAIClientTests {
    @Test func successReturnsTextUsageAndCost() async throws {
        let server = try MockModelServer { _ in MockStep.response(status: 200, body: MockReplies.chat(["Hello!"])) }
        let client = try MockReplies.client(server.baseURL) {
            $0.prices["mock-1"] = ModelPrice(inputPerMillion: 1_000_000, outputPerMillion: 2_000_000)
        }
        let completion = try await client.complete(MockReplies.hello)
        #expect(completion.choices == ["Hello!"])
        #expect(completion.finishReasons == ["stop"])
        #expect(completion.usage == TokenUsage(prompt: 12, completion: 3))
        #expect(completion.attempts == 1)
        #expect(completion.cached == false)
        #expect(completion.costUSD == 18)
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer sk-test-SECRET-0123")
        #expect(
            request.bodyText
                == #"{"max_tokens":16,"messages":[{"content":"Say hello","role":"user"}],"model":"mock-1"}"#)
    }

    @Test func nSamplesComeBackInIndexOrder() async throws {
        let body =
            #"{"model":"mock-1","choices":[{"index":2,"message":{"content":"c"}},{"index":0,"message":{"content":"a"}},{"index":1,"message":{"content":null}}]}"#
        let server = try MockModelServer { _ in MockStep.response(status: 200, body: body) }
        let client = try MockReplies.client(server.baseURL)
        var request = MockReplies.hello
        request.n = 3
        request.temperature = 1
        let completion = try await client.complete(request)
        #expect(completion.choices == ["a", "", "c"])
        // No usage in the body: estimated from the text, about four characters a token.
        #expect(completion.usage == TokenUsage(prompt: 3, completion: 2, estimated: true))
        #expect(server.requests.first?.bodyText.contains(#""n":3"#) == true)
    }

    @Test(arguments: [[1], [2, 3], [5, 7, 11], [64]])
    func streamingAcrossArbitraryChunkBoundaries(sizes: [Int]) async throws {
        let pieces = ["Héllo", " wörld", " 🌳", "\nclick [12]"]
        let server = try MockModelServer { _ in
            [MockStep.eventStreamHead()] + MockStep.chunks(MockReplies.stream(pieces), sizes: sizes, pause: .zero)
        }
        let client = try MockReplies.client(server.baseURL)
        var request = MockReplies.hello
        request.stream = true
        var deltas: [String] = []
        var finished: ChatCompletion?
        for try await event in client.stream(request) {
            switch event {
            case .delta(let choice, let text):
                #expect(choice == 0)
                deltas.append(text)
            case .finished(let completion): finished = completion
            }
        }
        #expect(deltas == pieces)
        #expect(finished?.choices == ["Héllo wörld 🌳\nclick [12]"])
        #expect(finished?.finishReasons == ["stop"])
        #expect(finished?.usage == TokenUsage(prompt: 9, completion: 4))
        #expect(
            server.requests.first?.bodyText.contains(#""stream":true,"stream_options":{"include_usage":true}"#) == true)
    }

    @Test func tooManyRequestsIsRetriedAfterRetryAfter() async throws {
        let server = try MockModelServer { request in
            request.index == 0
                ? MockStep.response(
                    status: 429, body: #"{"error":{"message":"slow down"}}"#, headers: ["Retry-After": "1"])
                : MockStep.response(status: 200, body: MockReplies.chat(["ok"]))
        }
        let client = try MockReplies.client(server.baseURL)
        let started = ContinuousClock.now
        let completion = try await client.complete(MockReplies.hello)
        let waited = ContinuousClock.now - started
        #expect(completion.choices == ["ok"])
        #expect(completion.attempts == 2)
        #expect(server.requests.count == 2)
        // A lower bound only: the client must not come back before the server said it may.
        #expect(waited >= .milliseconds(990))
    }

    @Test func serverErrorThenSuccess() async throws {
        let server = try MockModelServer { request in
            request.index == 0
                ? MockStep.response(status: 500, body: "boom")
                : MockStep.response(status: 200, body: MockReplies.chat(["second time"]))
        }
        let completion = try await MockReplies.client(server.baseURL).complete(MockReplies.hello)
        #expect(completion.choices == ["second time"])
        #expect(completion.attempts == 2)
    }

    @Test func persistentServerErrorsEndInATypedError() async throws {
        let server = try MockModelServer { _ in MockStep.response(status: 503, body: #"{"error":"overloaded"}"#) }
        let url = server.baseURL + "/chat/completions"
        await #expect(throws: ModelClientError.status(url: url, code: 503, message: "overloaded", attempts: 3)) {
            try await MockReplies.client(server.baseURL).complete(MockReplies.hello)
        }
        #expect(server.requests.count == 3)
    }

    @Test func unauthorisedIsNotRetried() async throws {
        let server = try MockModelServer { _ in
            MockStep.response(status: 401, body: #"{"error":{"message":"bad key","type":"auth"}}"#)
        }
        let url = server.baseURL + "/chat/completions"
        let expected = ModelClientError.status(url: url, code: 401, message: "bad key", attempts: 1)
        await #expect(throws: expected) { try await MockReplies.client(server.baseURL).complete(MockReplies.hello) }
        #expect(expected.description.contains("--api-key-env"))
        #expect(!expected.description.contains("SECRET"))
    }

    /// 501 says the server does not do this at all (llama.cpp's server for embeddings without `--embeddings`): asked
    /// once, with advice that fits.
    @Test func notImplementedIsNotRetried() async throws {
        let server = try MockModelServer { _ in
            MockStep.response(status: 501, body: #"{"error":{"message":"no embeddings","type":"not_supported"}}"#)
        }
        let url = server.baseURL + "/embeddings"
        let expected = ModelClientError.status(url: url, code: 501, message: "no embeddings", attempts: 1)
        await #expect(throws: expected) { try await MockReplies.client(server.baseURL).embed(["a"], model: "e5") }
        #expect(server.requests.count == 1)
        #expect(expected.description.contains("does not offer this endpoint"))
    }

    @Test func malformedJSONIsATypedError() async throws {
        let server = try MockModelServer { _ in MockStep.response(status: 200, body: "{not json") }
        let url = server.baseURL + "/chat/completions"
        await #expect(
            throws: ModelClientError.malformedResponse(
                url: url, reason: #"it is not valid JSON; the body began "{not json""#)
        ) { try await MockReplies.client(server.baseURL).complete(MockReplies.hello) }
    }

    @Test func malformedStreamedChunkIsATypedError() async throws {
        let server = try MockModelServer { _ in
            [MockStep.eventStreamHead(), .write(Array("data: {\"choices\":[{oops\n\n".utf8))]
        }
        var request = MockReplies.hello
        request.stream = true
        do {
            _ = try await MockReplies.client(server.baseURL, attempts: 1).complete(request)
            Issue.record("expected a failure")
        } catch let error as ModelClientError {
            guard case .malformedResponse(let url, let reason) = error else {
                Issue.record("expected .malformedResponse, got \(error)")
                return
            }
            #expect(url == server.baseURL + "/chat/completions")
            #expect(reason == #"it is not valid JSON; the body began "{"choices":[{oops""#)
        }
        #expect(server.requests.count == 1)
    }

    @Test func connectionRefusedAfterRetries() async throws {
        let port = try ClosedPort.make()
        let client = try MockReplies.client("http://127.0.0.1:\(port)/v1", attempts: 2)
        do {
            _ = try await client.complete(MockReplies.hello)
            Issue.record("expected a failure")
        } catch let error as ModelClientError {
            guard case .unreachable(let url, let reason, let attempts) = error else {
                Issue.record("expected .unreachable, got \(error)")
                return
            }
            #expect(url == "http://127.0.0.1:\(port)/v1/chat/completions")
            #expect(reason.contains("Connection refused") || reason.contains("Couldn't connect"))
            #expect(attempts == 2)
        }
    }

    @Test func connectTimeout() async throws {
        let blackhole = try Blackhole()
        let client = try MockReplies.client("http://127.0.0.1:\(blackhole.port)/v1", attempts: 1)
        do {
            _ = try await client.complete(MockReplies.hello)
            Issue.record("expected a failure")
        } catch let error as ModelClientError {
            guard case .timedOut(_, let stalled, _, let attempts) = error else {
                Issue.record("expected .timedOut, got \(error)")
                return
            }
            #expect(stalled == false)
            #expect(attempts == 1)
        }
    }

    @Test func stalledStreamTimesOut() async throws {
        let server = try MockModelServer { _ in
            [MockStep.eventStreamHead()]
                + MockStep.chunks(MockReplies.stream(["a"]), sizes: [40], pause: .zero).prefix(2)
                + [.hang]
        }
        let client = try MockReplies.client(server.baseURL, attempts: 1)
        var request = MockReplies.hello
        request.stream = true
        do {
            _ = try await client.complete(request)
            Issue.record("expected a failure")
        } catch let error as ModelClientError {
            guard case .timedOut(_, let stalled, _, let attempts) = error else {
                Issue.record("expected .timedOut, got \(error)")
                return
            }
            #expect(stalled == true)
            #expect(attempts == 1)
        }
        // The stalled connection is closed by the client, not left open on the server (a generous bounded wait, over
        // the moment the close is seen, as in the cancellation test below).
        let deadline = ContinuousClock.now + .seconds(60)
        while server.closedByClient < 1 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.closedByClient == 1)
        #expect(server.requests.count == 1)
    }

    @Test func cancellationMidStreamClosesTheConnection() async throws {
        let server = try MockModelServer { _ in
            [MockStep.eventStreamHead()]
                + MockStep.chunks(MockReplies.stream(["first"]), sizes: [150], pause: .zero)
                .prefix(1) + [.hang]
        }
        let client = try MockReplies.client(server.baseURL)
        var request = MockReplies.hello
        request.stream = true
        let (firstDelta, deltaSeen) = AsyncStream<String>.makeStream()
        let reader = Task {
            for try await event in client.stream(request) {
                if case .delta(_, let text) = event { deltaSeen.yield(text) }
            }
            // A cancelled stream ends quietly, as AsyncSequences do; the reader turns that into the error.
            try Task.checkCancellation()
        }
        var deltas = firstDelta.makeAsyncIterator()
        #expect(await deltas.next() == "first")
        reader.cancel()
        let result = await reader.result
        #expect(throws: CancellationError.self) { try result.get() }
        // The server sees the client hang up: nothing is left running on either side. The cancellation reaches
        // the engine through tasks that need a turn on the shared pool, which other suites' blocking tests can hold
        // for seconds on a 2-core machine: the wait is generous, and over at once when the close is seen.
        let deadline = ContinuousClock.now + .seconds(60)
        // Under load the stream may stall past its timeout and be retried before the cancel: every connection the
        // client opened is then closed by it.
        while server.closedByClient < max(1, server.requests.count) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.closedByClient >= 1)
        #expect(server.closedByClient == server.requests.count)
    }

    @Test func endpointCapLimitsRequestsInFlight() async throws {
        let server = try MockModelServer { _ in
            [MockStep.pause(.milliseconds(60))] + MockStep.response(status: 200, body: MockReplies.chat(["x"]))
        }
        let client = try MockReplies.client(server.baseURL) { $0.concurrency = 2 }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = try await client.complete(MockReplies.hello) } }
            try await group.waitForAll()
        }
        #expect(server.requests.count == 6)
        #expect(server.peakInService == 2)
    }

    @Test func cacheModes() async throws {
        let server = try MockModelServer { _ in MockStep.response(status: 200, body: MockReplies.chat(["cached?"])) }
        let cache = InMemoryResponseCache()
        let first = try await MockReplies.client(server.baseURL, cache: cache).complete(MockReplies.hello)
        let second = try await MockReplies.client(server.baseURL, cache: cache, mode: .cacheOnly).complete(
            MockReplies.hello)
        #expect(first.cached == false)
        #expect(second.cached == true)
        #expect(second.choices == ["cached?"])
        #expect(second.usage == first.usage)
        #expect(server.requests.count == 1)

        _ = try await MockReplies.client(server.baseURL, cache: cache, mode: .disabled).complete(MockReplies.hello)
        #expect(server.requests.count == 2)

        var other = MockReplies.hello
        other.seed = 7
        await #expect(throws: ModelClientError.cacheMiss(model: "mock-1", key: other.cacheKey)) {
            try await MockReplies.client(server.baseURL, cache: cache, mode: .cacheOnly).complete(other)
        }
        #expect(await cache.count == 1)
    }

    @Test func cacheKeyCoversSamplingButNotStreaming() {
        var a = MockReplies.hello
        var b = a
        b.stream = true
        #expect(a.cacheKey == b.cacheKey)
        b.temperature = 0.5
        #expect(a.cacheKey != b.cacheKey)
        a.temperature = 0.5
        a.stop = ["\n"]
        #expect(a.cacheKey != b.cacheKey)
        #expect(a.cacheKey.count == 64)
    }

    @Test func embeddingsInInputOrder() async throws {
        let body =
            #"{"model":"emb","data":[{"index":1,"embedding":[0.5,1]},{"index":0,"embedding":[0.25,-1]}],"usage":{"prompt_tokens":4}}"#
        let server = try MockModelServer { _ in MockStep.response(status: 200, body: body) }
        let embeddings = try await MockReplies.client(server.baseURL).embed(["a", "b"], model: "emb")
        #expect(embeddings.vectors == [[0.25, -1], [0.5, 1]])
        #expect(embeddings.usage == TokenUsage(prompt: 4, completion: 0))
        #expect(server.requests.first?.path == "/v1/embeddings")
    }
}
