import ArborCore
import Foundation
import Testing

/// An image's width and height come from its header, as each format's encoder wrote it.
@Suite struct PixelSizeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures").standardized

    static func image(_ name: String) throws -> EncodedImage {
        try #require(EncodedImage(bytes: [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))))
    }

    /// Files Pillow wrote: a 37×23 picture as a progressive JPEG with an EXIF segment before its frame, a GIF, and
    /// WebP lossy (VP8), lossless (VP8L) and with alpha and EXIF (VP8X); the 16×9 PNG screenshot.
    @Test(arguments: [
        ("size-37x23.jpg", ImageFormat.jpeg), ("size-37x23.gif", .gif), ("size-37x23-lossy.webp", .webp),
        ("size-37x23-lossless.webp", .webp), ("size-37x23-alpha.webp", .webp),
    ])
    func encodersHeadersGiveTheSize(name: String, format: ImageFormat) throws {
        let image = try Self.image(name)
        #expect(image.format == format)
        #expect(image.pixelSize == PixelSize(width: 37, height: 23))
    }

    @Test func thePNGScreenshotIsSixteenByNine() throws {
        #expect(try Self.image("screenshot.png").pixelSize == PixelSize(width: 16, height: 9))
        #expect(PixelSize(width: 800, height: 457).description == "800×457")
    }

    static func png(width: UInt32, height: UInt32, chunk: String = "IHDR") -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array(chunk.utf8)
            + withUnsafeBytes(of: width.bigEndian, Array.init) + withUnsafeBytes(of: height.bigEndian, Array.init)
            + [8, 2, 0, 0, 0]
    }

    @Test func aPNGHeaderIsReadWithoutTheRestOfTheFile() {
        #expect(EncodedImage(bytes: Self.png(width: 800, height: 457))?.pixelSize == PixelSize(width: 800, height: 457))
        #expect(
            EncodedImage(bytes: Self.png(width: 70_000, height: 3))?.pixelSize == PixelSize(width: 70_000, height: 3))
        #expect(EncodedImage(bytes: Self.png(width: 0, height: 10))?.pixelSize == nil, "no pixels is no size")
        #expect(EncodedImage(bytes: Self.png(width: 8, height: 8, chunk: "IDAT"))?.pixelSize == nil)
        #expect(EncodedImage(bytes: Array(Self.png(width: 8, height: 8).prefix(22)))?.pixelSize == nil, "cut short")
    }

    /// SOI, fill bytes, an APP0 segment, a DHT (C4 is no frame), a restart marker (no length), then SOF0.
    @Test func aJPEGFrameIsFoundPastOtherSegments() {
        let app0: [UInt8] = [0xFF, 0xE0, 0, 6, 0x4A, 0x46, 0x49, 0x46]
        let dht: [UInt8] = [0xFF, 0xC4, 0, 4, 0, 0]
        let sof0: [UInt8] = [0xFF, 0xC0, 0, 11, 8, 0x01, 0xC9, 0x03, 0x20, 1, 1, 0x11, 0]
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xFF] + app0 + dht + [0xFF, 0xD3] + sof0
        #expect(EncodedImage(bytes: jpeg)?.pixelSize == PixelSize(width: 800, height: 457))
        #expect(EncodedImage(bytes: Array(jpeg.prefix(jpeg.count - 6)))?.pixelSize == nil, "the frame cut short")
        let scanFirst: [UInt8] = [0xFF, 0xD8] + app0 + [0xFF, 0xDA, 0, 2] + sof0
        #expect(EncodedImage(bytes: scanFirst)?.pixelSize == nil, "a scan before any frame")
        let garbage: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 6, 1, 2, 3, 4, 0x00, 0xC0, 0, 11]
        #expect(EncodedImage(bytes: garbage)?.pixelSize == nil, "no marker where one must be")
    }
}
