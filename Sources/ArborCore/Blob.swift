/// The content address of a large text (an observation, a prompt, a completion, a debate turn) or of an image: the
/// SHA-256 of its bytes in hex. Events carry the reference; the content is stored once and loaded only when a view
/// asks for it.
public struct BlobRef: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { String(rawValue.prefix(12)) }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A large text or an image together with its address, as it travels from the engine to a sink.
public struct Blob: Hashable, Sendable {
    /// What a blob holds: a text, or an image's encoded bytes.
    public enum Content: Hashable, Sendable {
        case text(String)
        case image(EncodedImage)
    }

    public let ref: BlobRef
    public let content: Content

    public init(_ text: String) {
        self.content = .text(text)
        self.ref = BlobRef(rawValue: SHA256.hex(text))
    }

    /// An image, addressed by the SHA-256 of its encoded bytes (the same picture read twice is stored once).
    public init(image: EncodedImage) {
        self.content = .image(image)
        self.ref = BlobRef(rawValue: SHA256.hex(bytes: image.bytes))
    }

    /// The text, or nil when the blob is an image.
    public var text: String? {
        if case .text(let text) = content { text } else { nil }
    }

    /// The image, or nil when the blob is a text.
    public var image: EncodedImage? {
        if case .image(let image) = content { image } else { nil }
    }
}
