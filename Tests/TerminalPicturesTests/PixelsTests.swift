import ArborCore
import Foundation
import TerminalPictures
import Testing

/// Pictures are decoded by libpng and libjpeg; what they refuse is reported in words a person can act on.
@Suite struct PixelsTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: SymbolArtTests.fixtures.appendingPathComponent(name)))
    }

    /// The RGBA of the pixel at column `x`, row `y`.
    static func pixel(_ p: Pixels, _ x: Int, _ y: Int) -> [UInt8] {
        Array(p.rgba[(y * p.width + x) * 4..<(y * p.width + x) * 4 + 4])
    }

    @Test func aPNGDecodesToItsExactPixels() throws {
        let p = try Pixels(decoding: try #require(EncodedImage(bytes: try Self.bytes("page.png"))))
        #expect(p.width == 160 && p.height == 90)
        #expect(Self.pixel(p, 0, 0) == [32, 64, 160, 255])
        #expect(Self.pixel(p, 120, 25) == [200, 40, 40, 255])
        #expect(Self.pixel(p, 159, 89) == [250, 250, 250, 255])
    }

    @Test func aJPEGDecodesToNearlyItsPixels() throws {
        let p = try Pixels(decoding: try #require(EncodedImage(bytes: try Self.bytes("page.jpg"))))
        #expect(p.width == 160 && p.height == 90)
        // JPEG is lossy: inside a flat area each channel is within a few steps of what was drawn.
        for (x, y, want) in [(80, 6, [32, 64, 160]), (133, 27, [200, 40, 40]), (140, 65, [40, 160, 70])] {
            let got = Self.pixel(p, x, y)
            #expect(zip(got, want).allSatisfy { abs(Int($0) - Int($1)) <= 6 }, "(\(x), \(y)): \(got)")
            #expect(got[3] == 255)
        }
    }

    @Test func pixelsSurviveAPNGRoundTrip() throws {
        var rgba: [UInt8] = []
        for i in 0..<(7 * 3) {
            let step = UInt8(i * 12)
            rgba += [step, 255 - step, UInt8(i * 3), 255]
        }
        let pixels = Pixels(width: 7, height: 3, rgba: rgba)
        let png = try pixels.encodedPNG()
        #expect(png.format == .png)
        #expect(try Pixels(decoding: png) == pixels)
    }

    @Test func aTruncatedPNGIsReportedWithLibpngsReason() throws {
        let whole = try Self.bytes("page.png")
        let image = EncodedImage(format: .png, bytes: Array(whole.prefix(60)))
        #expect(throws: PictureError.self) { try Pixels(decoding: image) }
        do {
            _ = try Pixels(decoding: image)
        } catch {
            #expect(error.description.hasPrefix("the PNG picture could not be decoded ("))
            #expect(error.description.hasSuffix("); export the run (arbor export --images files) to look at the file"))
        }
    }

    @Test func aDamagedJPEGIsReportedWithLibjpegsReason() throws {
        let image = EncodedImage(
            format: .jpeg, bytes: [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array(repeating: 0, count: 20))
        #expect(throws: PictureError.self) { try Pixels(decoding: image) }
    }

    @Test func aGIFIsStoredButNotDrawn() throws {
        let image = try #require(EncodedImage(bytes: Array("GIF89a".utf8) + [1, 0, 1, 0]))
        #expect(throws: PictureError.unsupportedFormat(.gif)) { try Pixels(decoding: image) }
        #expect(
            PictureError.unsupportedFormat(.gif).description
                == "a GIF picture cannot be drawn in the terminal (PNG and JPEG can); "
                + "export the run (arbor export --images files) to see it")
    }
}
