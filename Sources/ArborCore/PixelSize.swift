/// An image's width and height in pixels.
public struct PixelSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    public var description: String { "\(width)×\(height)" }
}

extension EncodedImage {
    /// The width and height its header states, read without decoding a pixel (PNG's IHDR, JPEG's start-of-frame,
    /// GIF's logical screen, WebP's VP8/VP8L/VP8X chunk); nil when the header is cut short or malformed.
    public var pixelSize: PixelSize? {
        let size: PixelSize?
        switch format {
        case .png: size = Self.pngSize(bytes)
        case .jpeg: size = Self.jpegSize(bytes)
        case .gif: size = Self.gifSize(bytes)
        case .webp: size = Self.webpSize(bytes)
        }
        guard let size, size.width > 0, size.height > 0 else { return nil }
        return size
    }

    /// Big-endian (`bigEndian`) or little-endian unsigned integer of `count` bytes at `offset`; nil past the end.
    private static func integer(_ bytes: [UInt8], at offset: Int, count: Int, bigEndian: Bool) -> Int? {
        guard offset >= 0, bytes.count >= offset + count else { return nil }
        let slice = bytes[offset..<offset + count]
        return (bigEndian ? Array(slice) : slice.reversed()).reduce(0) { ($0 << 8) | Int($1) }
    }

    /// The signature, then the IHDR chunk first: length, "IHDR", width and height as 32-bit big-endian.
    private static func pngSize(_ bytes: [UInt8]) -> PixelSize? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8),
            let width = integer(bytes, at: 16, count: 4, bigEndian: true),
            let height = integer(bytes, at: 20, count: 4, bigEndian: true)
        else { return nil }
        return PixelSize(width: width, height: height)
    }

    /// Segments from SOI on, each `FF marker length…`, until a start-of-frame (C0–CF bar C4 DHT, C8 JPG and CC DAC):
    /// precision, then height and width as 16-bit big-endian.
    private static func jpegSize(_ bytes: [UInt8]) -> PixelSize? {
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            // Fill bytes, and markers that stand alone (TEM, RSTn): no length follows.
            if marker == 0xFF {
                offset += 1
                continue
            }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {
                offset += 2
                continue
            }
            // End of image or start of scan before any frame: no size to be had.
            if marker == 0xD9 || marker == 0xDA { return nil }
            guard let length = integer(bytes, at: offset + 2, count: 2, bigEndian: true), length >= 2 else {
                return nil
            }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard let height = integer(bytes, at: offset + 5, count: 2, bigEndian: true),
                    let width = integer(bytes, at: offset + 7, count: 2, bigEndian: true)
                else { return nil }
                return PixelSize(width: width, height: height)
            }
            offset += 2 + length
        }
        return nil
    }

    /// "GIF87a"/"GIF89a", then the logical screen's width and height as 16-bit little-endian.
    private static func gifSize(_ bytes: [UInt8]) -> PixelSize? {
        guard let width = integer(bytes, at: 6, count: 2, bigEndian: false),
            let height = integer(bytes, at: 8, count: 2, bigEndian: false)
        else { return nil }
        return PixelSize(width: width, height: height)
    }

    /// "RIFF size WEBP", then the first chunk: lossy "VP8 " (after a 3-byte frame tag and the 9D 01 2A start code,
    /// 14-bit width and height), lossless "VP8L" (after the 2F signature, 14 bits each of width − 1 and height − 1) or
    /// extended "VP8X" (after 4 bytes of flags, 24 bits each of width − 1 and height − 1).
    private static func webpSize(_ bytes: [UInt8]) -> PixelSize? {
        guard bytes.count >= 30 else { return nil }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8 ":
            guard Array(bytes[23..<26]) == [0x9D, 0x01, 0x2A],
                let width = integer(bytes, at: 26, count: 2, bigEndian: false),
                let height = integer(bytes, at: 28, count: 2, bigEndian: false)
            else { return nil }
            return PixelSize(width: width & 0x3FFF, height: height & 0x3FFF)
        case "VP8L":
            guard bytes[20] == 0x2F, let bits = integer(bytes, at: 21, count: 4, bigEndian: false) else { return nil }
            return PixelSize(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            guard let width = integer(bytes, at: 24, count: 3, bigEndian: false),
                let height = integer(bytes, at: 27, count: 3, bigEndian: false)
            else { return nil }
            return PixelSize(width: width + 1, height: height + 1)
        default:
            return nil
        }
    }
}
