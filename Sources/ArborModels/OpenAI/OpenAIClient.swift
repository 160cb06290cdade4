import Foundation
import Synchronization

/// Talks to an OpenAI-compatible endpoint (vLLM, llama.cpp's server, Ollama, OpenAI, …) over the curl engine:
/// chat completions with `n` samples, optional streaming, embeddings; retries with backoff on connection
/// errors, 429 and 5xx; a response cache; token and cost accounting.
///
/// The API key is read from the environment variable the configuration names, at each call, and goes only
/// into the request header: it is never part of a result, a cache entry or an error.
public final class OpenAIClient: Sendable {
    public let configuration: ModelConfiguration
    public let cacheMode: CacheMode
    private let engine: CurlEngine
    private let cache: (any ResponseCache)?
    private let environment: @Sendable (String) -> String?
    /// The cap on `n` the server stated when it refused a request; shared by every agent using this client.
    private let learnedSampleCap = Mutex<Int?>(nil)

    /// - Parameters:
    ///   - engine: shared between clients to share connections; a new one when nil.
    ///   - environment: where the API key is looked up (tests pass their own).
    public init(
        configuration: ModelConfiguration, engine: CurlEngine? = nil, cache: (any ResponseCache)? = nil,
        cacheMode: CacheMode = .readWrite,
        environment: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] }
    ) throws(CurlEngineError) {
        self.configuration = configuration
        if let engine { self.engine = engine } else { self.engine = try CurlEngine() }
        self.cache = cache
        self.cacheMode = cacheMode
        self.environment = environment
    }

    // MARK: - Limits

    /// The most samples one request may ask for, as the server said when it refused more; nil until it has.
    public var sampleCap: Int? { learnedSampleCap.withLock { $0 } }

    /// Remembers a cap on `n` the server stated; true when it is news (no cap, or a higher one, was known).
    func learn(sampleCap cap: Int) -> Bool {
        learnedSampleCap.withLock { known in
            if let known, known <= cap { return false }
            known = cap
            return true
        }
    }

    // MARK: - Chat

    /// The completion for `request`, from the cache or the network; streamed underneath when `request.stream`.
    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        do {
            return try await completeUnredacted(request)
        } catch {
            throw redacted(error)
        }
    }

    /// An error as the caller may keep and show it: without the API key, should the server have echoed it.
    private func redacted(_ error: any Error) -> any Error {
        guard let key = environment(configuration.apiKeyEnv), let clientError = error as? ModelClientError else {
            return error
        }
        return clientError.redacting(key)
    }

    private func completeUnredacted(_ request: ChatRequest) async throws -> ChatCompletion {
        if let cached = try await cachedCompletion(request) { return cached }
        let completion: ChatCompletion
        if request.stream {
            var last: ChatCompletion?
            for try await event in streamFromNetwork(request) {
                if case .finished(let done) = event { last = done }
            }
            try Task.checkCancellation()
            guard let last else {
                throw ModelClientError.malformedResponse(url: chatURL, reason: "the stream ended without an answer")
            }
            completion = last
        } else {
            completion = try await completeFromNetwork(request)
        }
        try await remember(completion, for: request)
        return completion
    }

    /// Text as it is generated, then the whole completion. Retries happen only before the first byte of text;
    /// cancelling the reading task (or dropping the stream) cancels the transfer.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    if let cached = try await self.cachedCompletion(request) {
                        for (index, text) in cached.choices.enumerated() {
                            continuation.yield(.delta(choice: index, text: text))
                        }
                        continuation.yield(.finished(cached))
                        continuation.finish()
                        return
                    }
                    var streamed = request
                    streamed.stream = true
                    for try await event in self.streamFromNetwork(streamed) {
                        if case .finished(let completion) = event { try await self.remember(completion, for: request) }
                        continuation.yield(event)
                    }
                    try Task.checkCancellation()
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: self.redacted(error))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private var chatURL: String { configuration.url("chat/completions") }

    private func completeFromNetwork(_ request: ChatRequest) async throws -> ChatCompletion {
        let started = ContinuousClock.now
        let http = httpRequest(chatURL, body: request.body(), streaming: false)
        let (response, attempts) = try await retrying(chatURL) { _ in
            let response = try await self.engine.send(http)
            try self.check(response.status, headers: response.headers, body: response.body)
            return response
        }
        let wire = try WireDecoding.decode(WireChatResponse.self, response.body, url: chatURL)
        if let error = wire.error {
            throw ModelClientError.status(
                url: chatURL, code: response.status, message: error.message, attempts: attempts)
        }
        guard let choices = wire.choices, !choices.isEmpty else {
            throw ModelClientError.malformedResponse(url: chatURL, reason: "it has no choices")
        }
        let ordered = choices.enumerated().sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }
            .map(\.element)
        return finish(
            request, texts: ordered.map { $0.message?.content ?? $0.text ?? "" }, reasons: ordered.map(\.finishReason),
            usage: wire.usage, model: wire.model, started: started, attempts: attempts)
    }

    private func streamFromNetwork(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let (output, continuation) = AsyncThrowingStream<ChatStreamEvent, any Error>.makeStream()
        let task = Task {
            do {
                try await self.runStream(request, into: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return output
    }

    private func runStream(
        _ request: ChatRequest, into output: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation
    ) async throws {
        let started = ContinuousClock.now
        let url = chatURL
        let http = httpRequest(url, body: request.body(), streaming: true)
        var state = StreamAssembly()
        let attempts = try await retrying(url) { attempt in
            var iterator = self.engine.stream(http).makeAsyncIterator()
            guard case .head(let status, let headers) = try await iterator.next() else {
                throw CancellationError()
            }
            if status != 200 {
                var body: [UInt8] = []
                while case .body(let bytes) = try await iterator.next() { body += bytes }
                try self.check(status, headers: headers, body: body)
            }
            var parser = ServerSentEventParser()
            while let event = try await iterator.next() {
                guard case .body(let bytes) = event else { continue }
                for data in parser.feed(bytes) where try state.take(data, url: url, output: output) {
                    return attempt
                }
            }
            for data in parser.finish() where try state.take(data, url: url, output: output) { return attempt }
            try Task.checkCancellation()
            return attempt
        }.0
        let completion = finish(
            request, texts: state.texts, reasons: state.reasons, usage: state.usage, model: state.model,
            started: started, attempts: attempts)
        output.yield(.finished(completion))
    }

    // MARK: - Embeddings

    /// One vector per input, in input order, from `/embeddings` with the configured embeddings model.
    public func embed(_ inputs: [String], model: String? = nil) async throws -> Embeddings {
        do {
            return try await embedUnredacted(inputs, model: model)
        } catch {
            throw redacted(error)
        }
    }

    private func embedUnredacted(_ inputs: [String], model: String?) async throws -> Embeddings {
        let url = configuration.url("embeddings")
        let name = model ?? configuration.model(for: .embedding)
        struct Body: Encodable {
            var model: String
            var input: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let http = httpRequest(url, body: Array(try encoder.encode(Body(model: name, input: inputs))), streaming: false)
        let started = ContinuousClock.now
        let (response, attempts) = try await retrying(url) { _ in
            let response = try await self.engine.send(http)
            try self.check(response.status, headers: response.headers, body: response.body)
            return response
        }
        let wire = try WireDecoding.decode(WireEmbeddingResponse.self, response.body, url: url)
        guard wire.data.count == inputs.count else {
            throw ModelClientError.malformedResponse(
                url: url, reason: "it has \(wire.data.count) vectors for \(inputs.count) inputs")
        }
        let vectors = wire.data.enumerated().sorted {
            ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset)
        }
        .map(\.element.embedding)
        let tokens = wire.usage?.promptTokens ?? inputs.map(TokenUsage.estimate).reduce(0, +)
        let usage = TokenUsage(prompt: tokens, completion: 0, estimated: wire.usage?.promptTokens == nil)
        return Embeddings(
            vectors: vectors, usage: usage, model: wire.model ?? name, latency: ContinuousClock.now - started,
            attempts: attempts, costUSD: configuration.prices[name]?.cost(usage))
    }

    // MARK: - Shared steps

    private func httpRequest(_ url: String, body: [UInt8], streaming: Bool) -> HTTPRequest {
        var headers = [
            "Content-Type: application/json", "Accept: " + (streaming ? "text/event-stream" : "application/json"),
        ]
        if let key = environment(configuration.apiKeyEnv), !key.isEmpty {
            headers.append("Authorization: Bearer \(key)")
        }
        return HTTPRequest(
            url: url, method: .post, headers: headers, body: body, connectTimeout: configuration.connectTimeout,
            stallTimeout: streaming ? configuration.stallTimeout : configuration.responseTimeout,
            endpointLimit: configuration.concurrency)
    }

    /// Throws for a status other than 200: a ``RetryableFailure`` for 429 and 5xx, a final error otherwise.
    private func check(_ status: Int, headers: [HTTPHeader], body: [UInt8]) throws {
        guard status != 200 else { return }
        let message = WireDecoding.errorMessage(body)
        if RetryPolicy.isRetryable(status: status) {
            let retryAfter = RetryPolicy.parseRetryAfter(headers.first { $0.name.lowercased() == "retry-after" }?.value)
            throw RetryableFailure.status(status, message: message, retryAfter: retryAfter)
        }
        throw RetryableFailure.final(status, message: message)
    }

    /// Runs `attempt` until it succeeds, fails for good, or the policy's attempts are spent; returns the result
    /// and the number of attempts made.
    private func retrying<T>(_ url: String, _ attempt: (Int) async throws -> T) async throws -> (T, Int) {
        var generator = SystemRandomNumberGenerator()
        var number = 1
        while true {
            let failure: RetryableFailure
            do {
                return (try await attempt(number), number)
            } catch let error as TransportError {
                failure = .transport(error)
            } catch let error as RetryableFailure {
                failure = error
            }
            guard failure.isRetryable, number < configuration.retry.maxAttempts else {
                throw failure.clientError(url: url, attempts: number)
            }
            let wait = configuration.retry.delay(after: number, retryAfter: failure.retryAfter, using: &generator)
            try await Task.sleep(for: wait)
            number += 1
        }
    }

    private func finish(
        _ request: ChatRequest, texts: [String], reasons: [String?], usage wire: WireUsage?, model: String?,
        started: ContinuousClock.Instant, attempts: Int
    ) -> ChatCompletion {
        let usage: TokenUsage
        if let prompt = wire?.promptTokens, let completion = wire?.completionTokens {
            usage = TokenUsage(prompt: prompt, completion: completion)
        } else {
            usage = TokenUsage(
                prompt: request.messages.map { TokenUsage.estimate($0) }.reduce(0, +),
                completion: texts.map(TokenUsage.estimate).reduce(0, +), estimated: true)
        }
        return ChatCompletion(
            choices: texts, finishReasons: reasons, usage: usage, model: model ?? request.model,
            latency: ContinuousClock.now - started, attempts: attempts,
            costUSD: configuration.prices[request.model]?.cost(usage))
    }

    // MARK: - Cache

    private func cachedCompletion(_ request: ChatRequest) async throws -> ChatCompletion? {
        guard cacheMode != .disabled else { return nil }
        let key = request.cacheKey
        if let cache, let text = try await cache.response(for: key), let entry = CachedCompletion.decode(text) {
            // A replayed call costs nothing; its tokens are still reported so budgets behave the same.
            return ChatCompletion(
                choices: entry.choices, finishReasons: entry.finishReasons, usage: entry.usage, model: entry.model,
                cached: true, latency: .zero, attempts: 0, costUSD: configuration.prices[request.model] == nil ? nil : 0
            )
        }
        if cacheMode == .cacheOnly { throw ModelClientError.cacheMiss(model: request.model, key: key) }
        return nil
    }

    private func remember(_ completion: ChatCompletion, for request: ChatRequest) async throws {
        guard cacheMode == .readWrite, let cache else { return }
        try await cache.store(CachedCompletion(completion).json(), for: request.cacheKey)
    }
}

/// The answer to an embeddings request: one vector per input.
public struct Embeddings: Sendable, Equatable {
    public var vectors: [[Double]]
    public var usage: TokenUsage
    public var model: String
    public var latency: Duration
    public var attempts: Int
    public var costUSD: Double?
}
