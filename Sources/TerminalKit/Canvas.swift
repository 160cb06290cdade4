import ArborCore

/// An in-memory grid of cells that views draw into; the terminal backend diffs two canvases and sends the change.
///
/// Drawing goes through the current region (the whole canvas at first; see ``withRegion(_:_:)``): coordinates are
/// relative to the region's origin and nothing is drawn outside it. A wide character never straddles an edge and is
/// never half overwritten: whatever would split it turns the remaining half into a space.
public struct Canvas: Hashable, Sendable {
    /// The whole canvas's size, whatever region is current.
    public let size: TerminalSize
    private var cells: [Cell]
    /// Absolute position of the current region's top-left cell.
    private var origin: (x: Int, y: Int) = (0, 0)
    /// The current region's logical size (what layout sees).
    private var regionSize: TerminalSize
    /// Absolute cells that may be written: the current region cut to every enclosing region.
    private var clip: Rect

    public init(width: Int, height: Int) {
        size = TerminalSize(width: max(0, width), height: max(0, height))
        regionSize = size
        clip = Rect(x: 0, y: 0, width: size.width, height: size.height)
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    /// Columns in the current region.
    public var width: Int { regionSize.width }
    /// Rows in the current region.
    public var height: Int { regionSize.height }

    /// The cell at a column and row of the current region (a blank outside the canvas).
    public subscript(x: Int, y: Int) -> Cell {
        let ax = origin.x + x
        let ay = origin.y + y
        guard ax >= 0, ax < size.width, ay >= 0, ay < size.height else { return .blank }
        return cells[ay * size.width + ax]
    }

    /// Draws `body` into the part of the current region that `rect` (relative to it) covers. Inside, (0, 0) is
    /// `rect`'s corner, `width`/`height` are `rect`'s, and drawing is clipped to `rect` and every enclosing region.
    @discardableResult
    public mutating func withRegion<Result>(
        _ rect: Rect, _ body: (inout Canvas) throws -> Result
    ) rethrows -> Result {
        let saved = (origin, regionSize, clip)
        defer { (origin, regionSize, clip) = saved }
        origin = (origin.x + rect.x, origin.y + rect.y)
        regionSize = TerminalSize(width: rect.width, height: rect.height)
        clip = clip.intersection(Rect(x: origin.x, y: origin.y, width: rect.width, height: rect.height))
        return try body(&self)
    }

    /// Writes `text` from column `x` of row `y`, at most `maxWidth` columns and never past the region's right edge.
    /// Text that does not fit ends in "…" (`truncation: .ellipsis`) or is cut (`.clip`); a wide character that does
    /// not fit leaves a space. Zero-width clusters (lone marks, controls, format characters) are dropped, so the
    /// canvas never holds anything that could drive a terminal. Returns the column after the last one written.
    @discardableResult
    public mutating func put(
        _ text: some StringProtocol, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil,
        truncation: Truncation = .ellipsis
    ) -> Int {
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? Int.max)
        guard y >= 0, y < height, x < limit else { return x }
        let truncating = truncation == .ellipsis && text.displayWidth > limit - x
        let contentLimit = truncating ? limit - 1 : limit
        var column = x
        for character in text {
            let columns = character.displayWidth
            if columns == 0 { continue }
            if column + columns > contentLimit { break }
            set(character, columns: columns, x: column, y: y, style: style)
            column += columns
        }
        guard truncating else { return column }
        set("…", columns: 1, x: column, y: y, style: style)
        column += 1
        while column < limit {
            set(" ", columns: 1, x: column, y: y, style: style)
            column += 1
        }
        return column
    }

    /// Sets one narrow cell (a one-column grapheme and its style) at a region position, clipped like text: for
    /// pictures, whose cells are drawn one by one.
    public mutating func put(cell: Cell, x: Int, y: Int) {
        guard x >= 0, x < width, y >= 0, y < height, !cell.isContinuation else { return }
        set(cell.grapheme, columns: 1, x: x, y: y, style: cell.style)
    }

    /// What `put` does with text wider than the room it has.
    public enum Truncation: Sendable {
        case ellipsis
        case clip
    }

    /// Sets one character of `columns` (1 or 2) width at a region position, keeping wide characters whole.
    mutating func set(_ character: Character, columns: Int, x: Int, y: Int, style: Style) {
        let ax = origin.x + x
        let ay = origin.y + y
        let leadVisible = clip.contains(x: ax, y: ay)
        let tailVisible = columns == 2 && clip.contains(x: ax + 1, y: ay)
        if columns == 2 && leadVisible && tailVisible {
            release(ax, ay)
            release(ax + 1, ay)
            cells[ay * size.width + ax] = Cell(character, style: style)
            cells[ay * size.width + ax + 1] = .continuation(style: style)
        } else if columns == 2 {
            // Half of a wide character is outside the clip: the visible half becomes a space.
            if leadVisible { setNarrow(" ", ax, ay, style) }
            if tailVisible { setNarrow(" ", ax + 1, ay, style) }
        } else if leadVisible {
            setNarrow(character, ax, ay, style)
        }
    }

    private mutating func setNarrow(_ character: Character, _ ax: Int, _ ay: Int, _ style: Style) {
        release(ax, ay)
        cells[ay * size.width + ax] = Cell(character, style: style)
    }

    /// Before an absolute cell is overwritten: if it is half of a wide character, the other half becomes a space.
    private mutating func release(_ ax: Int, _ ay: Int) {
        let index = ay * size.width + ax
        if cells[index].isContinuation {
            if ax > 0 { cells[index - 1] = Cell(" ", style: cells[index - 1].style) }
            cells[index] = Cell(" ", style: cells[index].style)
        } else if ax + 1 < size.width, cells[index + 1].isContinuation {
            cells[index + 1] = Cell(" ", style: cells[index + 1].style)
        }
    }

    public static func == (lhs: Canvas, rhs: Canvas) -> Bool { lhs.size == rhs.size && lhs.cells == rhs.cells }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(size)
        hasher.combine(cells)
    }
}
