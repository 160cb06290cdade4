import ArborCore

/// The tree pane's own state: the outline of the episode's tree (what is folded, the node it starts at), the node
/// under the cursor, which rows are in sight, and the root the person chose. The tree it shows is passed in, so the
/// same viewport serves a live tree that grows and a replay's tree that is folded again at every seek.
public struct TreeViewport: Sendable {
    public internal(set) var outline = TreeOutline()
    public internal(set) var cursor: NodeID = .root
    /// The node the person rooted the view at (`r`); nil roots it at the current real state, the node the latest
    /// step searches from, with the committed path above it as the breadcrumb.
    public internal(set) var chosenRoot: NodeID?
    /// The root the view was last placed for.
    private var placedFor: NodeID?
    /// The first visible row, and how many rows the pane had when last drawn (set when a frame is laid out).
    var scrollTop = 0
    var height = 20

    /// A fresh view of `tree`, every node unfolded but in a very large tree, the cursor on `cursor`.
    init(showing tree: EpisodeTree, cursor: NodeID) {
        outline.update(tree)
        if tree.nodes.count > 5_000 { outline.fold(below: 3) }
        self.cursor = cursor
    }

    init() {}

    /// Roots the outline at the chosen node (or `current`, the current real state), widened to the nearest common
    /// ancestor when the cursor is outside it, so the cursor is always on a row. Until the wanted root changes (a
    /// new step, `r`, `R`), a view that still holds the cursor stays as it is, so rows do not jump while the cursor
    /// moves.
    mutating func place(in tree: EpisodeTree, current: NodeID) {
        let wanted = tree.contains(chosenRoot ?? .root) ? (chosenRoot ?? current) : current
        let cursorPath = tree.path(to: cursor)
        let wantedPath = tree.path(to: wanted)
        if wanted == placedFor, cursorPath.contains(outline.top) { return }
        placedFor = wanted
        let common = zip(cursorPath, wantedPath).prefix { $0 == $1 }.last?.0 ?? .root
        if outline.top != common {
            outline.setTop(common)
            scrollTop = 0
        }
    }

    /// Places the view, then scrolls it so the cursor's row is visible.
    mutating func reveal(in tree: EpisodeTree, current: NodeID) {
        place(in: tree, current: current)
        guard let row = outline.row(of: cursor) else { return }
        let rows = max(1, height - 1)
        if row < scrollTop { scrollTop = row }
        if row >= scrollTop + rows { scrollTop = row - rows + 1 }
        scrollTop = max(0, min(scrollTop, max(0, outline.rowCount - rows)))
    }

    /// Where a line move (`j`, `k`, a page, `g`, `G`) takes the cursor: a row of the outline, or — up from the
    /// first row — the breadcrumb's last step, the parent of the view's root.
    enum LineMove: Equatable {
        case row(NodeID)
        case climb(to: NodeID)
    }

    /// Where a line move goes from the cursor's row; nil when the cursor is not on a row.
    mutating func lineMove(_ command: Command, in tree: EpisodeTree) -> LineMove? {
        guard let row = outline.row(of: cursor) else { return nil }
        if row == 0, command == .up || command == .pageUp || command == .top, let parent = tree.parent(of: cursor),
            cursor == outline.top
        {
            return .climb(to: parent)
        }
        let page = max(1, height - 1)
        let target: Int =
            switch command {
            case .down: row + 1
            case .up: row - 1
            case .pageDown: row + page
            case .pageUp: row - page
            case .top: 0
            default: outline.rowCount - 1
            }
        let clamped = max(0, min(outline.rowCount - 1, target))
        return outline.rows(from: clamped, count: 1).first.map { .row($0.node) }
    }

    /// The node of the row drawn `offset` lines below the pane's first row of nodes, if there is one.
    mutating func node(atRowOffset offset: Int) -> NodeID? {
        outline.rows(from: scrollTop + offset, count: 1).first?.node
    }
}
