import ArborCore

extension Canvas {
    /// Fills `rect` (the whole region when nil) with a character; a wide character is repeated every two columns.
    public mutating func fill(_ rect: Rect? = nil, with character: Character = " ", style: Style = .normal) {
        let area = rect ?? Rect(x: 0, y: 0, width: width, height: height)
        let columns = max(1, character.displayWidth)
        for row in area.y..<area.maxY {
            var column = area.x
            while column + columns <= area.maxX {
                set(character, columns: columns, x: column, y: row, style: style)
                column += columns
            }
        }
    }

    /// A horizontal line of `length` cells starting at (x, y).
    public mutating func horizontalLine(x: Int, y: Int, length: Int, style: Style = .init(.border)) {
        fill(Rect(x: x, y: y, width: length, height: 1), with: "─", style: style)
    }

    /// A vertical line of `length` cells starting at (x, y).
    public mutating func verticalLine(x: Int, y: Int, length: Int, style: Style = .init(.border)) {
        fill(Rect(x: x, y: y, width: 1, height: length), with: "│", style: style)
    }

    /// A box drawn on the edge of `rect`, with an optional title set into the top edge.
    public mutating func box(
        _ rect: Rect, style: Style = .init(.border), title: String? = nil, titleStyle: Style = .init(.title)
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        horizontalLine(x: rect.x + 1, y: rect.y, length: rect.width - 2, style: style)
        horizontalLine(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, style: style)
        verticalLine(x: rect.x, y: rect.y + 1, length: rect.height - 2, style: style)
        verticalLine(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, style: style)
        put("┌", x: rect.x, y: rect.y, style: style)
        put("┐", x: rect.maxX - 1, y: rect.y, style: style)
        put("└", x: rect.x, y: rect.maxY - 1, style: style)
        put("┘", x: rect.maxX - 1, y: rect.maxY - 1, style: style)
        if let title, rect.width > 4 {
            put(" \(title) ", x: rect.x + 1, y: rect.y, style: titleStyle, maxWidth: rect.width - 2)
        }
    }

    /// Whether the region is at least `minimum`; if not, clears it and says "window too small (need W×H)" in the
    /// middle, so a view can return early.
    public mutating func requireSize(_ minimum: TerminalSize, style: Style = .init(.warning)) -> Bool {
        if width >= minimum.width && height >= minimum.height { return true }
        fill()
        let message = "window too small (need \(minimum.width)×\(minimum.height))"
        let x = max(0, (width - message.displayWidth) / 2)
        put(message, x: x, y: height / 2, style: style)
        return false
    }
}
