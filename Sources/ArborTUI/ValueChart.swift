import ArborCore
import TerminalKit

/// The Q of each child of a step's search root over the iterations of that step: one sparkline per child, from 0 (▁) to 1 (█), newest on the right, with the final Q beside it.
struct ValueChart {
    var history: ValueHistory?
    var step: Int
    /// The pane's width: the label takes a third of it (at most 24), the sparkline what the label and value leave.
    var paneWidth: Int = 64

    private static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    func lines() -> [StyledLine] {
        guard let series = history?.steps[step], !series.isEmpty else {
            return [StyledLine("No backups yet in step \(step).", Style(.muted))]
        }
        var lines = [StyledLine("Q of the search root's children over iterations, step \(step)", Style(.title))]
        let labelWidth = max(8, min(24, paneWidth / 3))
        let width = max(4, paneWidth - labelWidth - 1 - 6)
        for s in series {
            let recent = s.points.suffix(width)
            let spark = String(
                recent.map { q -> Character in
                    guard q.isFinite else { return " " }
                    let index = Int((q * Double(Self.levels.count - 1)).rounded())
                    return Self.levels[max(0, min(Self.levels.count - 1, index))]
                })
            let last = s.points.last { $0.isFinite }
            lines.append(
                StyledLine([
                    (Figures.left(TerminalText.sanitize(s.action), labelWidth) + " ", .normal),
                    (Figures.left(spark, width), ValueRamp.style(last)),
                    (" " + Figures.value(last), ValueRamp.style(last, bold: true)),
                ]))
        }
        return lines
    }
}
