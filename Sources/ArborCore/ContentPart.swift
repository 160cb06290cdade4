/// One part of a chat message's content as OpenAI's API and fine-tuning files spell it: a text, or an image by URL
/// (a data URL or a path), with the detail a request asks for.
public struct ContentPart: Sendable, Codable, Equatable {
    public struct ImageURL: Sendable, Codable, Equatable {
        public var url: String
        public var detail: String?
        public init(url: String, detail: String? = nil) {
            self.url = url
            self.detail = detail
        }
    }

    public var type: String
    public var text: String?
    public var imageURL: ImageURL?

    private enum CodingKeys: String, CodingKey {
        case type, text
        case imageURL = "image_url"
    }

    /// A message's parts: its text, then one part per image.
    public static func parts(text: String, images: [ImageURL]) -> [ContentPart] {
        [ContentPart(type: "text", text: text)] + images.map { ContentPart(type: "image_url", imageURL: $0) }
    }

    /// Reads a message's `content`: a plain string, or parts (their text and images).
    public static func decode<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, forKey key: Key) throws -> (
        text: String, images: [ImageURL]
    ) {
        if let text = try? c.decode(String.self, forKey: key) { return (text, []) }
        return split(try c.decode([ContentPart].self, forKey: key))
    }

    /// Writes a message's `content`: the plain string when there are no images (as a text-only message always was),
    /// else its parts.
    public static func encode<Key: CodingKey>(
        text: String, images: [ImageURL], to c: inout KeyedEncodingContainer<Key>, forKey key: Key
    ) throws {
        if images.isEmpty {
            try c.encode(text, forKey: key)
        } else {
            try c.encode(parts(text: text, images: images), forKey: key)
        }
    }

    /// The text of `parts` (texts joined by a blank line) and their images, in order.
    public static func split(_ parts: [ContentPart]) -> (text: String, images: [ImageURL]) {
        (parts.compactMap(\.text).joined(separator: "\n\n"), parts.compactMap(\.imageURL))
    }
}
