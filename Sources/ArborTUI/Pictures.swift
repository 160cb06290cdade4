import ArborCore
import TerminalKit
import TerminalPictures

/// How the front end shows the screenshots nodes were observed with: as symbol art in the cells or as pixels through
/// an image protocol (or not at all), whether the one under the cursor fills the window, where the frame placed a
/// pixel picture, and the pictures already decoded and drawn.
public struct Pictures: Sendable {
    /// What `--images` asked for; the front end resolves `auto` by asking the terminal when it opens it.
    public var choice: ImagesChoice
    /// How pictures are drawn; nil when they are off.
    public var look: Look?
    /// Whether the picture of the node under the cursor fills the window (`z`).
    public internal(set) var zoomed = false
    /// Where the last frame put a pixel picture, for the front end to write after the text; nil when it put none.
    public internal(set) var placement: Placement?
    private var decoded: [BlobRef: Result<Pixels, PictureError>] = [:]
    private var decodedOrder: [BlobRef] = []
    private var drawn: [Key: Shown] = [:]
    private var drawnOrder: [Key] = []

    /// Decoded pictures kept (a 1280×720 screenshot is 3.7 MB of pixels), and drawn ones, oldest dropped first.
    static let decodedKept = 4
    static let drawnKept = 16

    /// How pictures are drawn: symbols in the cells, or pixels beside them.
    public enum Look: Hashable, Sendable {
        case symbols(SymbolStyle)
        case pixels(ImageProtocol)
    }

    /// A pixel picture and the cell of its top-left corner.
    public struct Placement: Equatable, Sendable {
        public var picture: PixelPicture
        public var x: Int
        public var y: Int
    }

    private struct Key: Hashable {
        var image: BlobRef
        var room: TerminalSize
        var look: Look
    }

    /// Pictures as `choice` asks; before the terminal is asked, `auto` draws colour block symbols.
    public init(choice: ImagesChoice = .auto) {
        self.choice = choice
        look =
            switch choice {
            case .off: nil
            case .kitty, .sixel, .iterm: choice.namedProtocol.map(Look.pixels)
            case .auto, .symbols: .symbols(SymbolStyle(symbols: .unicode, colors: .palette240))
            }
    }

    /// What shows in place of a picture: its art, a pixel picture (the cells it covers are left blank), or why
    /// there is none.
    enum Shown: Equatable {
        case art(SymbolArt)
        case pixels(PixelPicture)
        case problem(String)

        /// The rows it takes in the text.
        var rows: Int {
            switch self {
            case .art(let art): art.size.height
            case .pixels(let picture): picture.size.height
            case .problem: 0
            }
        }
    }

    /// The picture `image` drawn to fit `room`, decoding it through `load` the first time; nil when pictures are off.
    mutating func show(_ image: BlobRef, fitting room: TerminalSize, load: (BlobRef) -> EncodedImage?) -> Shown? {
        guard let look else { return nil }
        let key = Key(image: image, room: room, look: look)
        if let known = drawn[key] { return known }
        let pixels: Result<Pixels, PictureError>
        if let known = decoded[image] {
            pixels = known
        } else {
            guard let encoded = load(image) else { return .problem("the picture is not in this file") }
            pixels = Result { () throws(PictureError) in try Pixels(decoding: encoded) }
            Self.remember(&decoded, &decodedOrder, image, pixels, kept: Self.decodedKept)
        }
        let shown: Shown =
            switch (pixels, look) {
            case (.failure(let error), _): .problem(error.description)
            case (.success(let pixels), .symbols(let style)): .art(SymbolArt(pixels, fitting: room, style: style))
            case (.success(let pixels), .pixels(let kind)): .pixels(PixelPicture(pixels, fitting: room, as: kind))
            }
        Self.remember(&drawn, &drawnOrder, key, shown, kept: Self.drawnKept)
        return shown
    }

    private static func remember<K: Hashable, V>(
        _ table: inout [K: V], _ order: inout [K], _ key: K, _ value: V, kept: Int
    ) {
        table[key] = value
        order.append(key)
        if order.count > kept { table[order.removeFirst()] = nil }
    }
}
