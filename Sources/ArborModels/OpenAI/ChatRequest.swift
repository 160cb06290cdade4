import ArborCore
import Foundation

/// One message of a chat: `system`, `user` or `assistant`, its text, and any images shown with it.
public struct ChatMessage: Sendable, Codable, Hashable {
    public var role: String
    public var content: String
    /// With any, the message goes as OpenAI's content parts: the text, then one `image_url` part per image.
    public var images: [ImagePart]
    public init(role: String, content: String, images: [ImagePart] = []) {
        self.role = role
        self.content = content
        self.images = images
    }

    public static func user(_ text: String, images: [ImagePart] = []) -> ChatMessage {
        ChatMessage(role: "user", content: text, images: images)
    }
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: "system", content: text) }

    /// An image as a content part: a data URL of its bytes and the detail asked for.
    public struct ImagePart: Sendable, Hashable {
        public var url: String
        public var detail: String
        public init(url: String, detail: String) {
            self.url = url
            self.detail = detail
        }

        /// The part for an image blob, as a data URL.
        public init?(_ blob: Blob, detail: String) {
            guard let image = blob.image else { return nil }
            self.init(
                url: "data:\(image.format.mediaType);base64," + Data(image.bytes).base64EncodedString(), detail: detail)
        }
    }

    private enum CodingKeys: String, CodingKey { case role, content }

    /// Reads a message as a server's log or a test sees it: `content` a string, or parts.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decode(String.self, forKey: .role)
        let (text, parts) = try ContentPart.decode(c, forKey: .content)
        (content, images) = (text, parts.map { ImagePart(url: $0.url, detail: $0.detail ?? "auto") })
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try ContentPart.encode(
            text: content, images: images.map { ContentPart.ImageURL(url: $0.url, detail: $0.detail) }, to: &c,
            forKey: .content)
    }
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
