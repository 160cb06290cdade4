import ArborCore
import Foundation

/// What an image costs in a prompt, by OpenAI's published rule for its tiled vision models (GPT-4o, GPT-4.1): `low`
/// detail is a flat 85 tokens; `high` and `auto` scale the image down (never up) to fit in 2048×2048, then down again
/// until its shorter side is at most 768, and add 170 tokens for each 512×512 tile it takes to cover it. An image
/// whose size cannot be read from its header counts the 85 alone.
public enum ImageTokens {
    /// Every image's tokens, and all of a `low` detail image's.
    public static let base = 85
    /// Each 512×512 tile of a `high` or `auto` detail image.
    public static let perTile = 170
    static let tileSide = 512.0
    static let fitSide = 2048.0
    static let shortSide = 768.0

    /// The tokens of an image of `size` sent with `detail` (`low`, `high` or `auto`; anything else counts as `auto`,
    /// as the API's default).
    public static func count(_ size: PixelSize?, detail: String) -> Int {
        guard detail != "low", let size else { return base }
        var (width, height) = (Double(size.width), Double(size.height))
        // Multiplied before dividing, so that a side scaled to a whole number is that number exactly (a 3072×6144
        // image is 1024×2048, not 1024.0000001 wide, which would take a third tile).
        let long = max(width, height)
        if long > fitSide { (width, height) = (width * fitSide / long, height * fitSide / long) }
        let short = min(width, height)
        if short > shortSide { (width, height) = (width * shortSide / short, height * shortSide / short) }
        let tiles = Int((width / tileSide).rounded(.up)) * Int((height / tileSide).rounded(.up))
        return base + perTile * tiles
    }

    /// The tokens of an image part, its size read from the header of the image in its data URL.
    public static func count(_ part: ChatMessage.ImagePart) -> Int {
        count(pixelSize(ofDataURL: part.url), detail: part.detail)
    }

    /// The size of the image a `data:…;base64,…` URL holds; nil for another URL or bytes that are no image.
    static func pixelSize(ofDataURL url: String) -> PixelSize? {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ","),
            url[..<comma].hasSuffix(";base64"),
            let data = Data(base64Encoded: String(url[url.index(after: comma)...]))
        else { return nil }
        return EncodedImage(bytes: [UInt8](data))?.pixelSize
    }
}
