import ArborCore

/// Rows of cells as aligned columns, the way `arbor runs`, `arbor calls` and `arbor diff` print them: chosen columns
/// on the right, the rest on the left, two spaces between columns, no trailing spaces. Every cell is sanitised (a
/// task id from an environment cannot drive the terminal) and columns line up by display width, not by characters.
public enum TextTable {
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let safe = rows.map { $0.map { TerminalText.sanitize($0) } }
        let count = safe.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in
            safe.map { column < $0.count ? $0[column].displayWidth : 0 }.max() ?? 0
        }
        return safe.map { cells in
            var line = cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.displayWidth)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}
