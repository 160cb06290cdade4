import ArborCore
import Foundation

/// One message of a chat: `system`, `user` or `assistant`, and its text.
public struct ChatMessage: Sendable, Codable, Hashable {
    public var role: String
    public var content: String
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: "user", content: text) }
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: "system", content: text) }
}

/// A chat-completion request: the model, the messages, and the sampling parameters. Its cache key is a hash of
/// exactly these fields (streaming aside: a streamed and an unstreamed answer are the same answer) and of which set
/// of samples of the same question it is.
public struct ChatRequest: Sendable, Hashable {
    public var model: String
    public var messages: [ChatMessage]
    /// How many independent completions to sample.
    public var n: Int
    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var stop: [String]
    public var seed: Int?
    public var stream: Bool
    /// Which draw of samples for the same question this is (the second request of a chunked expansion, a second
    /// expansion of the same node). Not sent; part of the cache key, so each draw is its own request and not a
    /// replay of the first.
    public var sampleSet: Int = 0

    public init(
        model: String, messages: [ChatMessage], n: Int = 1, temperature: Double? = nil, topP: Double? = nil,
        maxTokens: Int? = nil, stop: [String] = [], seed: Int? = nil, stream: Bool = false
    ) {
        self.model = model
        self.messages = messages
        self.n = n
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.stream = stream
    }

    /// The JSON body sent to `/chat/completions`, keys sorted so equal requests are equal bytes.
    func body() -> [UInt8] {
        var wire = WireChatRequest(self)
        if stream { wire.streamOptions = WireChatRequest.StreamOptions(includeUsage: true) }
        return Self.encode(wire)
    }

    /// SHA-256 of the model, messages, sampling parameters, seed and sample set (the first set keeps the key it had
    /// before sets were counted, so recorded responses still answer).
    public var cacheKey: String {
        var wire = WireChatRequest(self)
        wire.stream = nil
        let body = String(decoding: Self.encode(wire), as: UTF8.self)
        return SHA256.hex(sampleSet == 0 ? body : body + "\nsample set \(sampleSet)")
    }

    private static func encode(_ wire: WireChatRequest) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        return (try? Array(encoder.encode(wire))) ?? []
    }
}

/// The request as the OpenAI API spells it.
private struct WireChatRequest: Encodable {
    struct StreamOptions: Encodable {
        var includeUsage: Bool
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    var model: String
    var messages: [ChatMessage]
    var n: Int?
    var temperature: Double?
    var topP: Double?
    var maxTokens: Int?
    var stop: [String]?
    var seed: Int?
    var stream: Bool?
    var streamOptions: StreamOptions?

    init(_ request: ChatRequest) {
        model = request.model
        messages = request.messages
        n = request.n == 1 ? nil : request.n
        temperature = request.temperature
        topP = request.topP
        maxTokens = request.maxTokens
        stop = request.stop.isEmpty ? nil : request.stop
        seed = request.seed
        stream = request.stream ? true : nil
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, n, temperature, stop, seed, stream
        case topP = "top_p"
        case maxTokens = "max_tokens"
        case streamOptions = "stream_options"
    }
}
