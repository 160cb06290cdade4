import ArborCore
import TerminalKit

/// The tree pane: one line per visible node, siblings by visits so the top line is the principal variation.
/// Each line: guides, fold mark, action, then N, Q (on the value ramp), P, a visit bar relative to the parent, badges.
/// When the view is rooted below the episode's root, the header line is the breadcrumb of the committed path above
/// it; when guides would leave a label under ``minimumLabel`` columns, each row shows its depth instead of guides.
/// The last line is the principal variation below the cursor.
struct TreeView {
    var tree: EpisodeTree
    var rows: [OutlineRow]
    /// The node on the first row; the path above it is the breadcrumb.
    var top: NodeID = .root
    var cursor: NodeID
    /// The node the live search is working on, highlighted.
    var active: NodeID?
    var focused: Bool
    var annotated: Set<NodeID> = []

    /// Below this many columns for a label, rows show their depth instead of guides.
    static let minimumLabel = 24
    /// At most this many badges show on a row; more show as the first ones and a count.
    static let maximumBadges = 6

    /// Which statistic columns fit in a pane this wide, and how wide the badge column is.
    struct Columns {
        var showBar: Bool
        var showPrior: Bool
        var badges: Int
        init(width: Int, badges: Int = 4) {
            showBar = width >= 64
            showPrior = width >= 46
            self.badges = max(4, min(TreeView.maximumBadges, badges))
        }
        var statsWidth: Int { 6 + 7 + (showPrior ? 5 : 0) + (showBar ? 9 : 0) + 1 + badges }
    }

    /// Every badge of a node, or the first ones and how many more when they do not fit the column.
    func badges(_ id: NodeID) -> String {
        Badges.fitted(
            Badges.marks(for: tree[id], annotated: annotated.contains(id), inFlight: tree.inFlight.contains(id)),
            width: Self.maximumBadges)
    }

    func draw(into canvas: inout Canvas) {
        let widest = rows.prefix(max(0, canvas.height - 2)).map { badges($0.node).count }.max() ?? 0
        let columns = Columns(width: canvas.width, badges: widest)
        let statsX = canvas.width - columns.statsWidth
        // Guides take two columns a level; when the deepest visible row would leave its label too little room, every
        // row shows its depth instead.
        let deepest = rows.prefix(max(0, canvas.height - 2)).map(\.depth).max() ?? 0
        let compact = statsX - (deepest * 2 + 2) < Self.minimumLabel
        drawHeader(columns, into: &canvas)
        for (index, row) in rows.enumerated() where index + 2 < canvas.height {
            drawRow(row, y: index + 1, columns: columns, compact: compact, into: &canvas)
        }
        if canvas.height > 2 { drawVariation(y: canvas.height - 1, into: &canvas) }
    }

    private func drawHeader(_ columns: Columns, into canvas: inout Canvas) {
        let statsX = canvas.width - columns.statsWidth
        // The focused pane's first line is a title bar, so where keys go is plain to see.
        let style = focused ? Style(.statusBar) : Style(.muted)
        if focused { canvas.fill(Rect(x: 0, y: 0, width: canvas.width, height: 1), style: style) }
        var header = Figures.right("N", 6) + Figures.right("Q", 7)
        if columns.showPrior { header += Figures.right("P", 5) }
        if columns.showBar { header += "  visits  " }
        canvas.put(header, x: max(0, statsX), y: 0, style: style)
        guard top != .root else {
            canvas.put("action", x: 0, y: 0, style: style)
            return
        }
        // The breadcrumb: the path from the root to the view's first row, its nearest steps kept when it is long.
        // (Climb it with k on the first row, or a click on it.)
        let crumbs = tree.path(to: top).dropLast().map { $0 == .root ? "root" : TerminalText.sanitize(tree[$0].action) }
        let room = max(0, statsX - 1)
        let full = crumbs.joined(separator: " › ") + " ›"
        var tail = Substring(full)
        while tail.displayWidth > room - 1, !tail.isEmpty { tail = tail.dropFirst() }
        let text = tail.count == full.count ? full : "…" + tail
        canvas.put(text, x: 0, y: 0, style: style, maxWidth: room)
    }

    /// The principal variation below the cursor: each step the most visited child, with its share and Q.
    private func drawVariation(y: Int, into canvas: inout Canvas) {
        var x = canvas.put("PV ", x: 0, y: y, style: Style(.title))
        var node = cursor
        var first = true
        while x < canvas.width {
            let children = tree.children(of: node).filter { tree.statistics(of: $0).visits > 0 }
            guard
                let best = children.min(by: { a, b in
                    let x = tree.statistics(of: a)
                    let y = tree.statistics(of: b)
                    if x.visits != y.visits { return x.visits > y.visits }
                    if x.q != y.q { return x.q > y.q }
                    return a < b
                })
            else { break }
            let stats = tree.statistics(of: best)
            let share = Figures.share(stats.visits, of: tree.statistics(of: node).visits).map { " \($0)" } ?? ""
            if !first { x = canvas.put(" › ", x: x, y: y, style: Style(.muted)) }
            x = canvas.put(
                TerminalText.sanitize(tree[best].action), x: x, y: y, style: .normal, maxWidth: canvas.width - x)
            x = canvas.put(share, x: x, y: y, style: Style(.muted), maxWidth: canvas.width - x)
            x = canvas.put(
                " " + Figures.value(stats.q), x: x, y: y, style: ValueRamp.style(stats.q), maxWidth: canvas.width - x)
            node = best
            first = false
        }
        if first { canvas.put("no visited child below the cursor", x: x, y: y, style: Style(.muted)) }
    }

    private func drawRow(_ row: OutlineRow, y: Int, columns: Columns, compact: Bool, into canvas: inout Canvas) {
        let node = tree[row.node]
        let selected = row.node == cursor
        let base: Style = selected ? Style(.selection, focused ? [] : [.dim]) : .normal
        if selected { canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1), style: base) }

        var guides = ""
        if compact {
            guides = Figures.right(String(tree.depth(of: row.node)), 3) + " "
        } else {
            for continues in row.continues { guides += continues ? "│ " : "  " }
            if row.depth > 0 { guides += row.isLastSibling ? "└─" : "├─" }
        }
        var x = canvas.put(guides, x: 0, y: y, style: selected ? base : Style(compact ? .muted : .border))
        let mark = row.hasChildren ? (row.isFolded ? "▸" : "▾") : " "
        x = canvas.put(mark, x: x, y: y, style: selected ? base : Style(.muted))

        let statsX = canvas.width - columns.statsWidth
        let label =
            node.parent == nil ? "root" : TerminalText.sanitize(ElementLabel.shown(node.action, label: node.label))
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
        _ = canvas.put(
            " " + badges(row.node), x: sx, y: y, style: selected ? base : Style(.badge), maxWidth: columns.badges + 1)
    }
}
