import CChafa
import TerminalKit

/// A picture as terminal cells: for each cell, the symbol whose shape and two colours come nearest to the pixels it
/// covers, chosen by libchafa. Drawn into a ``Canvas`` like text, so the backend's diff handles it and nothing
/// outside curses writes to the terminal.
public struct SymbolArt: Sendable, Equatable {
    /// Columns and rows the picture takes (at most the room it was given, in the picture's proportions).
    public let size: TerminalSize
    /// Row after row.
    public let cells: [Cell]

    /// The cell at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Cell { cells[y * size.width + x] }

    /// `pixels` drawn as large as fits in `room` (cells twice as tall as wide), in `style`'s symbols and colours.
    public init(_ pixels: Pixels, fitting room: TerminalSize, style: SymbolStyle) {
        var width = Int32(max(0, room.width))
        var height = Int32(max(0, room.height))
        chafa_calc_canvas_geometry(Int32(pixels.width), Int32(pixels.height), &width, &height, 0.5, 1, 0)
        guard width > 0, height > 0 else {
            size = TerminalSize(width: 0, height: 0)
            cells = []
            return
        }
        size = TerminalSize(width: Int(width), height: Int(height))

        let symbols = chafa_symbol_map_new()
        defer { chafa_symbol_map_unref(symbols) }
        chafa_symbol_map_add_by_tags(symbols, style.symbols.included)
        chafa_symbol_map_remove_by_tags(symbols, style.symbols.excluded)
        let config = chafa_canvas_config_new()
        defer { chafa_canvas_config_unref(config) }
        chafa_canvas_config_set_geometry(config, width, height)
        chafa_canvas_config_set_canvas_mode(config, style.colors.canvasMode)
        chafa_canvas_config_set_pixel_mode(config, CHAFA_PIXEL_MODE_SYMBOLS)
        chafa_canvas_config_set_symbol_map(config, symbols)
        let canvas = pixels.chafaCanvas(config)
        defer { chafa_canvas_unref(canvas) }
        var cells: [Cell] = []
        cells.reserveCapacity(size.width * size.height)
        for y in 0..<height {
            for x in 0..<width {
                let code = chafa_canvas_get_char_at(canvas, x, y)
                // Only narrow symbols are in the map, so every cell has its own; a space stands in for anything else.
                let symbol = Unicode.Scalar(code).map(Character.init) ?? " "
                guard style.colors != .none else {
                    cells.append(Cell(symbol, style: Style(.picture)))
                    continue
                }
                var foreground: Int32 = -1
                var background: Int32 = -1
                chafa_canvas_get_raw_colors_at(canvas, x, y, &foreground, &background)
                let colors = CellColors(foreground: Self.color(foreground), background: Self.color(background))
                cells.append(Cell(symbol, style: Style(picture: colors)))
            }
        }
        self.cells = cells
    }

    /// A raw colour of an indexed canvas: a palette index, or -1 where the picture is transparent.
    private static func color(_ raw: Int32) -> TerminalColor {
        (0...255).contains(raw) ? .palette(UInt8(raw)) : .terminalDefault
    }

    /// Draws the art with its top-left cell at column `x`, row `y` of `canvas`'s current region: all of it, or the
    /// art's `rows` (at their own place, as if all were drawn).
    public func draw(into canvas: inout Canvas, x: Int, y: Int, rows: Range<Int>? = nil) {
        for row in (rows ?? 0..<size.height).clamped(to: 0..<size.height) {
            for column in 0..<size.width {
                canvas.put(cell: self[column, row], x: x + column, y: y + row)
            }
        }
    }
}
