import ArborCore
import CChafa
import CImageCodecs
import Foundation

/// A decoded picture: 8-bit RGBA pixels, row after row, alpha not premultiplied.
public struct Pixels: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 4` bytes.
    public let rgba: [UInt8]

    /// The most pixels a picture may have (a 8192×8192 page); a larger one is refused before it is allocated.
    public static let maximumCount = 8192 * 8192

    public init(width: Int, height: Int, rgba: [UInt8]) {
        precondition(width > 0 && height > 0 && rgba.count == width * height * 4, "RGBA pixels of \(width)×\(height)")
        self.width = width
        self.height = height
        self.rgba = rgba
    }

    /// Decodes `image` with libpng or libjpeg.
    public init(decoding image: EncodedImage) throws(PictureError) {
        let decode:
            (
                UnsafePointer<UInt8>?, Int, Int, UnsafeMutablePointer<arbor_image_pixels>?,
                UnsafeMutablePointer<CChar>?, Int
            ) -> Int32
        switch image.format {
        case .png: decode = arbor_image_decode_png
        case .jpeg: decode = arbor_image_decode_jpeg
        case .gif, .webp: throw .unsupportedFormat(image.format)
        }
        var decoded = arbor_image_pixels()
        var message = [CChar](repeating: 0, count: 256)
        let status = image.bytes.withUnsafeBufferPointer { bytes in
            decode(bytes.baseAddress, bytes.count, Self.maximumCount, &decoded, &message, message.count)
        }
        defer { arbor_image_free(&decoded) }
        guard status == 0, let pixels = decoded.pixels else {
            let reason = Self.text(of: message)
            throw .undecodable(format: image.format, reason: reason.isEmpty ? "no reason given" : reason)
        }
        let width = Int(decoded.width)
        let height = Int(decoded.height)
        self.init(
            width: width, height: height, rgba: Array(UnsafeBufferPointer(start: pixels, count: width * height * 4)))
    }

    /// The picture encoded as a PNG by libpng (tests and benchmarks make their pictures with it).
    public func encodedPNG() throws(PictureError) -> EncodedImage {
        var buffer: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = rgba.withUnsafeBufferPointer {
            arbor_image_encode_png($0.baseAddress, Int32(width), Int32(height), &buffer, &size, &message, message.count)
        }
        defer { free(buffer) }
        guard status == 0, let buffer else { throw .unencodable(reason: Self.text(of: message)) }
        return EncodedImage(format: .png, bytes: Array(UnsafeBufferPointer(start: buffer, count: size)))
    }

    /// The message a codec wrote into `buffer` (NUL-terminated).
    private static func text(of buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A libchafa canvas made with `config`, with these pixels drawn on it; the caller unrefs it.
    func chafaCanvas(_ config: OpaquePointer?) -> OpaquePointer? {
        let canvas = chafa_canvas_new(config)
        rgba.withUnsafeBufferPointer {
            chafa_canvas_draw_all_pixels(
                canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED, $0.baseAddress, Int32(width), Int32(height), Int32(width * 4))
        }
        return canvas
    }
}
