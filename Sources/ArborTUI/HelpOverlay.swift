import TerminalKit

/// The `?` overlay: every key binding, grouped, generated from ``KeyMap`` so it cannot disagree with the keys; and
/// the badge legend.
enum HelpOverlay {
    static func lines() -> [StyledLine] {
        var lines: [StyledLine] = []
        var groups: [String] = []
        for binding in KeyMap.bindings where !groups.contains(binding.group) { groups.append(binding.group) }
        for group in groups {
            lines.append(StyledLine(group, Style(.title, .bold)))
            for binding in KeyMap.bindings where binding.group == group {
                lines.append(StyledLine([("  " + Figures.left(binding.label, 9), Style(.accent)), (binding.help, .normal)]))
            }
        }
        lines.append(StyledLine("Badges", Style(.title, .bold)))
        for (mark, meaning) in Badges.legend {
            lines.append(StyledLine([("  \(mark)  ", Style(.badge)), (meaning, .normal)]))
        }
        return lines
    }

    static func draw(into canvas: inout Canvas) {
        let all = lines()
        let columnWidth = 38
        let columns = max(1, min(3, (canvas.width - 4) / columnWidth))
        let perColumn = (all.count + columns - 1) / columns
        let width = min(canvas.width, columns * columnWidth + 3)
        let height = min(canvas.height, perColumn + 2)
        let rect = Rect(x: (canvas.width - width) / 2, y: (canvas.height - height) / 2, width: width, height: height)
        canvas.fill(rect)
        canvas.box(rect, title: " Keys — any key closes ")
        canvas.withRegion(Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 3, height: rect.height - 2)) { c in
            for (i, line) in all.enumerated() {
                let column = i / perColumn
                let row = i % perColumn
                guard row < c.height else { continue }
                line.draw(x: column * columnWidth, y: row, maxWidth: columnWidth - 1, into: &c)
            }
        }
    }
}
