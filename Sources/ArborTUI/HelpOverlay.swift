import TerminalKit

/// The `?` overlay: every key binding, grouped, generated from ``KeyMap`` so it cannot disagree with the keys; and
/// the badge legend.
enum HelpOverlay {
    /// The `:` commands, as the help lists them; an unknown command's message names them too.
    static let commands: [(usage: String, help: String)] = [
        (":run N", "open run N"), (":episode N", "show episode N"), (":goto NODE", "cursor to a node (n4)"),
        (":why", "why a step was taken"), (":messages", "every message, whole"),
        (":event N", "replay: go to event N"), (":pause :resume", "steer: hold or go on"),
        (":override N V", "set a value by hand"),
        (":fork", "replay: fork here"), (":theme NAME", "switch colour theme"), (":q", "quit"),
    ]

    static func lines() -> [StyledLine] {
        var lines = keyLines(KeyMap.bindings.map { ($0.label, $0.help, $0.group) })
        lines.append(StyledLine("Commands", Style(.title, .bold)))
        for (usage, help) in commands {
            lines.append(StyledLine([("  " + Figures.left(usage, 14), Style(.accent)), (help, .normal)]))
        }
        lines.append(StyledLine("Badges", Style(.title, .bold)))
        for (mark, meaning) in Badges.legend {
            lines.append(StyledLine([("  \(mark)  ", Style(.badge)), (meaning, .normal)]))
        }
        lines.append(StyledLine("Replay timeline", Style(.title, .bold)))
        for (mark, meaning) in [
            ("•", "a notable event (m M say why)"), ("◆", "where the replay stands"), ("━", "events already shown"),
        ] {
            lines.append(StyledLine([("  \(mark)  ", Style(.muted)), (meaning, .normal)]))
        }
        return lines
    }

    /// What a key does while the overlay is open: down and up scroll it, anything else closes it and resets the
    /// scroll. Returns whether the overlay stays open.
    static func handleKey(down: Bool, up: Bool, scroll: inout Int) -> Bool {
        if down {
            scroll += 1
        } else if up {
            scroll = max(0, scroll - 1)
        } else {
            scroll = 0
        }
        return down || up
    }

    /// Key rows grouped under their group's title, in first-seen group order; rows without help are left out.
    static func keyLines(_ keys: [(label: String, help: String, group: String)]) -> [StyledLine] {
        var lines: [StyledLine] = []
        var groups: [String] = []
        for key in keys where !groups.contains(key.group) { groups.append(key.group) }
        for group in groups {
            lines.append(StyledLine(group, Style(.title, .bold)))
            for key in keys where key.group == group && !key.help.isEmpty {
                lines.append(StyledLine([("  " + Figures.left(key.label, 9), Style(.accent)), (key.help, .normal)]))
            }
        }
        return lines
    }

    /// The `:messages` overlay's lines: everything said to the person, newest first, wrapped to the screen.
    static func messageLines(_ messages: [String], width: Int) -> [StyledLine] {
        guard !messages.isEmpty else { return [StyledLine("Nothing has been said yet.", Style(.muted))] }
        return messages.reversed().flatMap { message in
            StyledLine.untrusted(message).flatMap { $0.wrapped(to: max(1, width - 5)) }
        }
    }

    /// Draws the keys (the front end's, unless `lines` says otherwise) in as many columns as fit; when they still do
    /// not fit, the overlay scrolls (`scroll` lines, moved with j/k) and says so in its title. `title` names what
    /// it shows; a `columnWidth` of nil takes one column as wide as the screen.
    static func draw(
        into canvas: inout Canvas, scroll: Int = 0, lines all: [StyledLine] = lines(), title name: String = "Keys",
        columnWidth fixedWidth: Int? = 38
    ) {
        let columnWidth = fixedWidth ?? max(1, canvas.width - 4)
        let columns = max(1, min(3, (canvas.width - 4) / columnWidth))
        let rows = max(1, canvas.height - 2)
        let fits = (all.count + columns - 1) / columns <= rows
        let top = fits ? 0 : max(0, min(scroll, all.count - rows * columns))
        let shown = Array(all.dropFirst(top))
        let perColumn = fits ? (all.count + columns - 1) / columns : rows
        // A box that would leave a sliver of the screen beside it takes the whole width instead.
        let boxWidth = columns * columnWidth + 3
        let width = canvas.width - boxWidth < 4 ? canvas.width : boxWidth
        let height = min(canvas.height, perColumn + 2)
        let rect = Rect(x: (canvas.width - width) / 2, y: (canvas.height - height) / 2, width: width, height: height)
        canvas.fill(rect)
        let more = top + rows * columns < all.count
        let title =
            fits
            ? " \(name) — any key closes "
            : " \(name) — j/k scroll\(more ? " (more below)" : ""), any other key closes "
        canvas.box(rect, title: title)
        canvas.withRegion(Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 3, height: rect.height - 2)) { c in
            for (i, line) in shown.enumerated() {
                let column = i / perColumn
                let row = i % perColumn
                guard row < c.height, column < columns else { continue }
                line.draw(x: column * columnWidth, y: row, maxWidth: columnWidth - 1, into: &c)
            }
        }
    }
}
