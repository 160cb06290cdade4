import ArborCore
import TerminalKit

/// The tree pane: one line per visible node, siblings by visits so the top line is the principal variation.
/// Each line: guides, fold mark, action, then N, Q (on the value ramp), P, a visit bar relative to the parent, badges.
struct TreeView {
    var tree: EpisodeTree
    var rows: [OutlineRow]
    var cursor: NodeID
    /// The node the live search is working on, highlighted.
    var active: NodeID?
    var focused: Bool
    var annotated: Set<NodeID> = []

    /// Which statistic columns fit in a pane this wide.
    struct Columns {
        var showBar: Bool
        var showPrior: Bool
        init(width: Int) {
            showBar = width >= 64
            showPrior = width >= 46
        }
        var statsWidth: Int { 6 + 7 + (showPrior ? 5 : 0) + (showBar ? 9 : 0) + 5 }
    }

    func draw(into canvas: inout Canvas) {
        let columns = Columns(width: canvas.width)
        drawHeader(columns, into: &canvas)
        for (index, row) in rows.enumerated() where index + 1 < canvas.height {
            drawRow(row, y: index + 1, columns: columns, into: &canvas)
        }
    }

    private func drawHeader(_ columns: Columns, into canvas: inout Canvas) {
        let statsX = canvas.width - columns.statsWidth
        canvas.put("action", x: 0, y: 0, style: Style(.muted))
        var header = Figures.right("N", 6) + Figures.right("Q", 7)
        if columns.showPrior { header += Figures.right("P", 5) }
        if columns.showBar { header += "  visits  " }
        canvas.put(header, x: max(0, statsX), y: 0, style: Style(.muted))
    }

    private func drawRow(_ row: OutlineRow, y: Int, columns: Columns, into canvas: inout Canvas) {
        let node = tree[row.node]
        let selected = row.node == cursor
        let base: Style = selected ? Style(.selection, focused ? [] : [.dim]) : .normal
        if selected { canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1), style: base) }

        var guides = ""
        for continues in row.continues { guides += continues ? "│ " : "  " }
        if row.depth > 0 { guides += row.isLastSibling ? "└─" : "├─" }
        var x = canvas.put(guides, x: 0, y: y, style: selected ? base : Style(.border))
        let mark = row.hasChildren ? (row.isFolded ? "▸" : "▾") : " "
        x = canvas.put(mark, x: x, y: y, style: selected ? base : Style(.muted))

        let statsX = canvas.width - columns.statsWidth
        let label = node.parent == nil ? "root" : TerminalText.sanitize(node.action)
        var labelStyle = base
        if !selected {
            if row.node == active {
                labelStyle = Style(.accent, .bold)
            } else if node.abandoned || node.excluded {
                labelStyle = Style(.muted)
            } else if node.committed {
                labelStyle = Style(.normal, .bold)
            }
        }
        _ = canvas.put(label, x: x, y: y, style: labelStyle, maxWidth: max(0, statsX - x - 1))

        var sx = max(x, statsX)
        sx = canvas.put(Figures.right(Figures.count(node.visits), 6), x: sx, y: y, style: base)
        let q: Double? = node.visits > 0 ? node.q : nil
        sx = canvas.put(Figures.right(Figures.value(q), 7), x: sx, y: y, style: selected ? base : ValueRamp.style(q))
        if columns.showPrior {
            sx = canvas.put(
                Figures.right(node.parent == nil ? "" : Figures.prior(node.prior), 5), x: sx, y: y, style: base)
        }
        if columns.showBar {
            let parentVisits = node.parent.map { tree[$0].visits } ?? node.visits
            let fraction = parentVisits > 0 ? Double(node.visits) / Double(parentVisits) : 0
            sx = canvas.put(" " + Figures.bar(fraction, width: 8), x: sx, y: y, style: selected ? base : Style(.accent))
        }
        let badges = Badges.marks(for: node, annotated: annotated.contains(row.node))
        _ = canvas.put(" " + badges, x: sx, y: y, style: selected ? base : Style(.badge), maxWidth: 5)
    }
}
