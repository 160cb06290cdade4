/// The content address of a large text (an observation, a prompt, a completion, a debate turn): its SHA-256
/// in hex. Events carry the reference; the text is stored once and loaded only when a view asks for it.
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

/// A large text together with its address, as it travels from the engine to a sink.
public struct Blob: Hashable, Sendable {
    public let ref: BlobRef
    public let text: String

    public init(_ text: String) {
        self.text = text
        self.ref = BlobRef(rawValue: SHA256.hex(text))
    }
}
