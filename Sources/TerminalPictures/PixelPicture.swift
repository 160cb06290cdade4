import CChafa
import TerminalKit

/// A picture as one escape sequence of a terminal image protocol (kitty, sixel, iTerm2), made by libchafa to cover a
/// rectangle of cells. It is written beside curses, never through a cell: see ``PixelPicture/clearing(_:)``.
public struct PixelPicture: Sendable, Equatable {
    /// The cells the picture covers.
    public let size: TerminalSize
    /// The escape sequence, image data included.
    public let escape: [UInt8]

    /// Pixels of a cell when the terminal does not say (most do not, over curses): a common 10×20 font.
    public static let defaultCellPixels = TerminalSize(width: 10, height: 20)

    /// `pixels` as large as fits in `room` (in the picture's proportions), as `kind` shows it.
    public init(_ pixels: Pixels, fitting room: TerminalSize, as kind: ImageProtocol) {
        var width = Int32(max(0, room.width))
        var height = Int32(max(0, room.height))
        let cell = Self.defaultCellPixels
        chafa_calc_canvas_geometry(
            Int32(pixels.width), Int32(pixels.height), &width, &height, Float(cell.width) / Float(cell.height), 1, 0)
        size = TerminalSize(width: Int(max(0, width)), height: Int(max(0, height)))
        guard width > 0, height > 0 else {
            escape = []
            return
        }
        let config = chafa_canvas_config_new()
        defer { chafa_canvas_config_unref(config) }
        chafa_canvas_config_set_geometry(config, width, height)
        chafa_canvas_config_set_cell_geometry(config, Int32(cell.width), Int32(cell.height))
        chafa_canvas_config_set_canvas_mode(config, CHAFA_CANVAS_MODE_TRUECOLOR)
        chafa_canvas_config_set_pixel_mode(config, kind.pixelMode)
        let canvas = pixels.chafaCanvas(config)
        defer { chafa_canvas_unref(canvas) }
        // The fallback term info has every protocol's sequences; which one is used is the canvas's pixel mode.
        let info = chafa_term_db_get_fallback_info(chafa_term_db_get_default())
        defer { chafa_term_info_unref(info) }
        guard let printed = chafa_canvas_print(canvas, info) else {
            escape = []
            return
        }
        escape = Array(UnsafeRawBufferPointer(start: printed.pointee.str, count: Int(printed.pointee.len)))
        g_string_free(printed, 1)
    }

    /// What takes pictures of `kind` off the screen: kitty deletes its placements; sixel and iTerm2 pictures sit in
    /// the cells and go when the cells are written again (nil: repaint, ``CursesTerminal/repaintAll()``).
    public static func clearing(_ kind: ImageProtocol) -> [UInt8]? {
        kind == .kitty ? Array("\u{1B}_Ga=d,d=a\u{1B}\\".utf8) : nil
    }
}

extension ImageProtocol {
    var pixelMode: ChafaPixelMode {
        switch self {
        case .kitty: CHAFA_PIXEL_MODE_KITTY
        case .sixel: CHAFA_PIXEL_MODE_SIXELS
        case .iterm: CHAFA_PIXEL_MODE_ITERM2
        }
    }
}
