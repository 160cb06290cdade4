import ArborCore
import TerminalKit

/// The replay's position in its run: a bar with a mark under every event of interest, and where the cursor is
/// in events, iterations and real steps.
struct TimelineBar {
    var timeline: Timeline
    var playing: Bool

    /// Where the replay stands, before the bar: `⏸ event 120/500 · ep 1 step 2 iter 3 · expanded `.
    var label: String {
        let position = timeline.position
        let applied = timeline.records.prefix(position)
        var location = "event \(position)/\(timeline.records.count)"
        if let record = applied.last, let episode = record.event.episode {
            let iteration = applied.last { if case .iterationStarted = $0.event { true } else { false } }
            if case .iterationStarted(let e)? = iteration?.event, e.episode == episode {
                location += " · ep \(episode + 1) step \(e.step) iter \(e.iteration)"
            } else {
                location += " · ep \(episode + 1)"
            }
            location += " · \(record.event.kind.rawValue)"
        }
        return (playing ? "▶ " : "⏸ ") + location + " "
    }

    /// The bar's first column and width in a line `width` columns wide.
    func bar(width: Int) -> (x: Int, width: Int) {
        let start = DisplayWidth.of(label)
        return (start, max(10, width - start - 1))
    }

    /// The event a click at `column` of the line asks for (the first the bar's cell stands for), or nil off the bar.
    func position(atColumn column: Int, width: Int) -> Int? {
        let (start, barWidth) = bar(width: width)
        guard column >= start, column < start + barWidth, !timeline.records.isEmpty else { return nil }
        let total = timeline.records.count
        return min(total, (column - start) * total / barWidth + 1)
    }

    func draw(_ rect: Rect, into canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        canvas.withRegion(rect) { c in
            let total = max(1, timeline.records.count)
            let position = timeline.position
            let label = label
            let barWidth = bar(width: c.width).width
            var x = c.put(label, x: 0, y: 0, style: Style(.accent))
            var cells = [Character](repeating: "─", count: barWidth)
            for mark in timeline.marks {
                let column = min(barWidth - 1, (mark - 1) * barWidth / total)
                cells[column] = "•"
            }
            let here = min(barWidth - 1, max(0, (position - 1) * barWidth / total))
            for column in 0..<here where cells[column] == "─" { cells[column] = "━" }
            cells[here] = "◆"
            x = c.put(String(cells), x: x, y: 0, style: Style(.muted))
            _ = x
        }
    }
}
