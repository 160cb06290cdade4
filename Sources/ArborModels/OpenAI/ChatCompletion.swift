/// Tokens a call consumed, as the server reported them or, when it did not, estimated from the text and images.
public struct TokenUsage: Sendable, Codable, Equatable {
    public var prompt: Int
    public var completion: Int
    /// True when the server sent no `usage` and these are estimates (about four characters a token, and each image
    /// by ``ImageTokens``).
    public var estimated: Bool
    public init(prompt: Int, completion: Int, estimated: Bool = false) {
        self.prompt = prompt
        self.completion = completion
        self.estimated = estimated
    }

    /// About four characters a token, as for English text with common tokenizers.
    public static func estimate(_ text: String) -> Int { (text.utf8.count + 3) / 4 }

    /// A message's text at about four characters a token, and each of its images as ``ImageTokens`` counts it.
    public static func estimate(_ message: ChatMessage) -> Int {
        estimate(message.content) + message.images.map { ImageTokens.count($0) }.reduce(0, +)
    }
}

/// The answer to a ``ChatRequest``: one text per sample, and what it cost.
public struct ChatCompletion: Sendable, Equatable {
    /// One text per sample, in the server's `index` order.
    public var choices: [String]
    /// Why each sample ended (`stop`, `length`, …), nil when the server did not say.
    public var finishReasons: [String?]
    public var usage: TokenUsage
    /// The model as the server named it (may differ from the one asked for, e.g. a dated version).
    public var model: String
    /// Served from the response cache, not the network.
    public var cached: Bool
    /// From sending the first attempt to the last byte (zero when cached).
    public var latency: Duration
    /// How many HTTP attempts it took (zero when cached).
    public var attempts: Int
    /// From the configured prices; nil when the model has none.
    public var costUSD: Double?

    public init(
        choices: [String], finishReasons: [String?], usage: TokenUsage, model: String, cached: Bool = false,
        latency: Duration = .zero, attempts: Int = 1, costUSD: Double? = nil
    ) {
        self.choices = choices
        self.finishReasons = finishReasons
        self.usage = usage
        self.model = model
        self.cached = cached
        self.latency = latency
        self.attempts = attempts
        self.costUSD = costUSD
    }
}

/// What a streamed chat delivers: text as it is generated, then the whole completion.
public enum ChatStreamEvent: Sendable, Equatable {
    case delta(choice: Int, text: String)
    case finished(ChatCompletion)
}
