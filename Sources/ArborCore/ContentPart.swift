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

    /// The text of `parts` (texts joined by a blank line) and their images, in order.
    public static func split(_ parts: [ContentPart]) -> (text: String, images: [ImageURL]) {
        (parts.compactMap(\.text).joined(separator: "\n\n"), parts.compactMap(\.imageURL))
    }
}
