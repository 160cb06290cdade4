import CChafa

/// Which symbols and colours symbol art may use: what the terminal can show.
public struct SymbolStyle: Hashable, Sendable {
    public var symbols: Symbols
    public var colors: Colors

    public init(symbols: Symbols, colors: Colors) {
        self.symbols = symbols
        self.colors = colors
    }

    /// The symbols a terminal shows well.
    public enum Symbols: String, Hashable, Sendable {
        /// Block, quadrant and border elements: the finest detail, for UTF-8 terminals with a full font.
        case unicode
        /// Half and whole blocks only, which the Linux console's font has.
        case halfBlocks
        /// Printable ASCII, for a terminal whose locale is not UTF-8 (where ``AsciiGlyphs`` draws the rest).
        case ascii

        var included: ChafaSymbolTags {
            switch self {
            case .unicode:
                ChafaSymbolTags(
                    CHAFA_SYMBOL_TAG_BLOCK.rawValue | CHAFA_SYMBOL_TAG_BORDER.rawValue | CHAFA_SYMBOL_TAG_SPACE.rawValue
                        | CHAFA_SYMBOL_TAG_QUAD.rawValue)
            case .halfBlocks:
                ChafaSymbolTags(
                    CHAFA_SYMBOL_TAG_HALF.rawValue | CHAFA_SYMBOL_TAG_SOLID.rawValue | CHAFA_SYMBOL_TAG_SPACE.rawValue)
            case .ascii: CHAFA_SYMBOL_TAG_ASCII
            }
        }

        /// Wide symbols would take two cells, and ambiguous-width ones are one or two depending on the terminal.
        var excluded: ChafaSymbolTags {
            ChafaSymbolTags(CHAFA_SYMBOL_TAG_WIDE.rawValue | CHAFA_SYMBOL_TAG_BAD.rawValue)
        }
    }

    /// The colours a terminal has.
    public enum Colors: String, Hashable, Sendable {
        /// The 240 colours of the 256-colour palette that themes do not redefine (16–255).
        case palette240
        /// The 16 basic colours.
        case palette16
        /// The 8 basic colours.
        case palette8
        /// None: symbols in the terminal's own foreground and background (NO_COLOR, monochrome terminals).
        case none

        var canvasMode: ChafaCanvasMode {
            switch self {
            case .palette240: CHAFA_CANVAS_MODE_INDEXED_240
            case .palette16: CHAFA_CANVAS_MODE_INDEXED_16
            case .palette8: CHAFA_CANVAS_MODE_INDEXED_8
            case .none: CHAFA_CANVAS_MODE_FGBG
            }
        }
    }

    /// What a terminal with `colors` colours shows: ASCII where it `drawsASCII` (its locale is not UTF-8), half
    /// blocks on the Linux console (`term` "linux"), block symbols elsewhere; no colours under NO_COLOR (`colorless`).
    public init(colors: Int, drawsASCII: Bool, term: String?, colorless: Bool) {
        symbols = drawsASCII ? .ascii : term == "linux" ? .halfBlocks : .unicode
        self.colors =
            colorless || colors < 8 ? .none : colors >= 256 ? .palette240 : colors >= 16 ? .palette16 : .palette8
    }
}
