/// The encodings of images Arbor stores, told apart by their first bytes (never by a file's name).
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case png, jpeg, gif, webp

    /// The media type, as in a data URL or an HTTP header.
    public var mediaType: String { "image/\(rawValue)" }

    /// The file name extension an exported copy gets.
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

    /// The format whose signature `bytes` begins with, or nil when it is none of these.
    public init?(signatureOf bytes: [UInt8]) {
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && Array(bytes[offset..<offset + signature.count]) == signature
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts([0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) {
            self = .gif
        } else if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) {
            self = .webp
        } else {
            return nil
        }
    }
}

/// An image as its file held it: the encoded bytes and their format. Arbor never decodes an image itself; a view
/// hands the bytes to a maintained decoder.
public struct EncodedImage: Hashable, Sendable {
    public let format: ImageFormat
    public let bytes: [UInt8]

    public init(format: ImageFormat, bytes: [UInt8]) {
        self.format = format
        self.bytes = bytes
    }

    /// The image in `bytes`, or nil when they begin with no known image signature.
    public init?(bytes: [UInt8]) {
        guard let format = ImageFormat(signatureOf: bytes) else { return nil }
        self.init(format: format, bytes: bytes)
    }
}

/// An image an observation showed, as the `observed` event refers to it: its blob, format and size in bytes.
public struct ObservedImage: Sendable, Codable, Equatable, Hashable {
    public var image: BlobRef
    public var format: ImageFormat
    public var size: Int
    public init(image: BlobRef, format: ImageFormat, size: Int) {
        self.image = image
        self.format = format
        self.size = size
    }

    /// The reference to `blob`, an image blob.
    public init?(_ blob: Blob) {
        guard let image = blob.image else { return nil }
        self.init(image: blob.ref, format: image.format, size: image.bytes.count)
    }
}
