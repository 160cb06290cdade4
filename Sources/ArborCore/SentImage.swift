/// An image a model call sent as a content part: which image (its blob), how many bytes, and the detail asked for.
public struct SentImage: Sendable, Codable, Equatable, Hashable {
    public var image: BlobRef
    public var size: Int
    /// OpenAI's `detail`: `low`, `high` or `auto`.
    public var detail: String
    public init(image: BlobRef, size: Int, detail: String) {
        self.image = image
        self.size = size
        self.detail = detail
    }
}
