import ArborCore
import ArborExport
import TerminalKit

/// One side of the diff screen: which run it is, how its episode of the task went, then its committed trajectory
/// step by step. Steps both sides took are dimmed, the first divergent step is highlighted, the rest is this side's
/// own path; the closing row says how the episode ended.
struct TrajectoryPane {
    var label: String
    var run: ComparedRun
    var side: EpisodeSide?
    var episode: EpisodeTree?
    var rows: [TrajectoryRow]
    var top: Int
    /// The step row under the cursor, when the panes have the focus.
    var cursor: Int?
    /// Rows given to steps (the same on both sides, so what follows lines up), and the step whose page is shown
    /// below them when there is room.
    var stepRows: Int
    var pageStep: Int
    /// The screenshot this side saw after `pageStep`, drawn above its page text.
    var picture: Pictures.Shown?

    /// The room a screenshot gets in a pane of `pane` cells below `stepRows` step rows: the pane's width and two
    /// thirds of the page's part; nil when that is less than two rows.
    static func pictureRoom(pane: TerminalSize, stepRows: Int) -> TerminalSize? {
        let height = (pane.height - 3 - stepRows - 1) * 2 / 3
        return height >= 2 ? TerminalSize(width: pane.width, height: height) : nil
    }

    /// Which columns fit in a pane this wide.
    struct Columns {
        var numbers: Bool
        var page: Bool
        init(width: Int) {
            numbers = width >= 44
            page = width >= 72
        }
        var statsWidth: Int { numbers ? 18 : 6 }
    }

    func draw(into canvas: inout Canvas) {
        var x = canvas.put(label + " ", x: 0, y: 0, style: Style(.title, .bold))
        x = canvas.put(TerminalText.sanitize(run.name), x: x, y: 0, style: Style(.normal, .bold))
        canvas.put(" · " + run.setup, x: x, y: 0, style: Style(.muted))
        guard let side, let episode else {
            canvas.put("no episode of this task in this run", x: 0, y: 1, style: Style(.muted))
            return
        }
        x = canvas.put(Self.outcome(side), x: 0, y: 1, style: DiffTaskList.style(side))
        let figures =
            " · \(side.steps) steps · \(Figures.count(side.modelCalls)) calls · \(Figures.count(side.tokens)) tok"
            + " · ep \(episode.episode + 1)"
        canvas.put(figures, x: x, y: 1, style: .normal)
        let columns = Columns(width: canvas.width)
        drawColumnHeader(columns, into: &canvas)
        for (i, row) in rows.dropFirst(top).prefix(stepRows).enumerated() {
            draw(row, y: 3 + i, columns: columns, into: &canvas)
        }
        drawPage(from: 3 + stepRows, into: &canvas)
    }

    /// The page this side saw after `pageStep`, as much of it as fits below the steps.
    private func drawPage(from y: Int, into canvas: inout Canvas) {
        guard canvas.height - y >= 4 else { return }
        let node = rows.indices.contains(pageStep) ? rows[pageStep].node : nil
        canvas.horizontalLine(x: 0, y: y, length: canvas.width)
        let title = node == nil ? " ended before step \(pageStep) " : " page after step \(pageStep) "
        canvas.put(title, x: 2, y: y, style: Style(.muted))
        var lines: [StyledLine] = []
        var textY = y + 1
        switch picture {
        case .art(let art):
            art.draw(into: &canvas, x: 0, y: y + 1)
            textY += art.size.height
        case .problem(let reason): lines += StyledLine.untrusted("Screenshot not shown: \(reason)", Style(.warning))
        case .pixels, nil: break
        }
        if let ref = node?.observation, let text = run.library.text(ref) { lines += StyledLine.untrusted(text) }
        for (i, line) in lines.prefix(max(0, canvas.height - textY)).enumerated() {
            line.draw(x: 0, y: textY + i, maxWidth: canvas.width, into: &canvas)
        }
    }

    static func outcome(_ side: EpisodeSide) -> String {
        switch side.success {
        case true?: "✓ success"
        case false?: "✗ failure"
        case nil: "… running"
        }
    }

    private func drawColumnHeader(_ columns: Columns, into canvas: inout Canvas) {
        let statsX = canvas.width - columns.statsWidth - 4
        let actionWidth = columns.page ? min(28, statsX - 5) : statsX - 5
        canvas.put("   # action", x: 0, y: 2, style: Style(.muted))
        if columns.page { canvas.put("page", x: 5 + actionWidth + 1, y: 2, style: Style(.muted)) }
        let stats =
            columns.numbers
            ? Figures.right("N", 6) + Figures.right("Q", 6) + Figures.right("value", 6) : Figures.right("Q", 6)
        canvas.put(stats, x: max(0, statsX), y: 2, style: Style(.muted))
    }

    private func draw(_ row: TrajectoryRow, y: Int, columns: Columns, into canvas: inout Canvas) {
        let style: Style =
            switch row.part {
            case _ where row.step == cursor: Style(.selection)
            case .divergent: Style(.divergence)
            case .shared: Style(.muted)
            case .own, .same: .normal
            }
        if row.step == cursor || row.part == .divergent {
            canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1), style: style)
        }
        let marker = row.part == .divergent ? "▶" : " "
        var x = canvas.put(marker, x: 0, y: y, style: row.part == .divergent ? Style(.divergence, .bold) : style)
        x = canvas.put(Figures.right(String(row.step), 3) + " ", x: x, y: y, style: style)
        let statsX = canvas.width - columns.statsWidth - 4
        guard let node = row.node else {
            canvas.put(closing, x: x, y: y, style: style, maxWidth: canvas.width - x)
            return
        }
        let actionWidth = columns.page ? min(28, statsX - x) : statsX - x
        canvas.put(TerminalText.sanitize(node.action), x: x, y: y, style: style, maxWidth: max(0, actionWidth - 1))
        if columns.page, let page = run.pageSummary(node) {
            canvas.put(page, x: x + actionWidth, y: y, style: style, maxWidth: max(0, statsX - x - actionWidth - 1))
        }
        let q: Double? = node.visits > 0 ? node.q : nil
        var sx = max(x, statsX)
        if columns.numbers { sx = canvas.put(Figures.right(Figures.count(node.visits), 6), x: sx, y: y, style: style) }
        sx = canvas.put(Figures.right(Figures.value(q), 6), x: sx, y: y, style: style)
        if columns.numbers { sx = canvas.put(Figures.right(Figures.value(node.value), 6), x: sx, y: y, style: style) }
        canvas.put(" " + Badges.marks(for: node).filter { $0 != "●" }, x: sx, y: y, style: style, maxWidth: 4)
    }

    /// The closing row: how the episode ended.
    private var closing: String {
        guard let outcome = episode?.outcome else { return "… still running" }
        let reason = outcome.reason.rawValue.isEmpty ? "" : " · " + TerminalText.sanitize(outcome.reason.rawValue)
        let verdict = outcome.success ? "✓ success" : "✗ failure"
        return "■ ended " + verdict + " · reward " + Figures.value(outcome.reward) + reason
    }
}
