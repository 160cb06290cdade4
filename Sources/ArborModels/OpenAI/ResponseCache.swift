import Foundation

/// Stores model responses by the SHA-256 of the exact request (``ChatRequest/cacheKey``), so re-running a
/// recorded configuration replays instead of calling the model. Values are opaque JSON text, so a store can keep
/// them in a plain text column.
public protocol ResponseCache: Sendable {
    /// The response stored under `key`, or nil.
    func response(for key: String) async throws -> String?
    /// Stores `response` under `key`, replacing any earlier one.
    func store(_ response: String, for key: String) async throws
}

/// How the client uses its cache: as the `--no-cache` and `--cache-only` options say.
public enum CacheMode: String, Sendable, Equatable, CaseIterable {
    /// Answer from the cache when it can; record what the network answers.
    case readWrite
    /// Neither read nor write (`--no-cache`).
    case disabled
    /// Answer only from the cache; a miss is ``ModelClientError/cacheMiss(model:key:)`` (`--cache-only`).
    case cacheOnly
}

/// A cache in memory, for tests and for runs without a store.
public actor InMemoryResponseCache: ResponseCache {
    private var entries: [String: String] = [:]

    public init() {}

    public func response(for key: String) -> String? { entries[key] }
    public func store(_ response: String, for key: String) { entries[key] = response }
    /// How many responses are stored.
    public var count: Int { entries.count }
}

/// What the cache holds for one chat completion.
struct CachedCompletion: Codable {
    var choices: [String]
    var finishReasons: [String?]
    var usage: TokenUsage
    var model: String

    init(_ completion: ChatCompletion) {
        choices = completion.choices
        finishReasons = completion.finishReasons
        usage = completion.usage
        model = completion.model
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    static func decode(_ text: String) -> CachedCompletion? {
        try? JSONDecoder().decode(CachedCompletion.self, from: Data(text.utf8))
    }
}
