import ArborCore

/// One visible line of the tree view: a node, its depth below the root, and for each ancestor level whether a
/// guide line continues below (so the view can draw `│`, `├─` and `└─`).
public struct OutlineRow: Sendable, Equatable {
    public var node: NodeID
    public var depth: Int
    /// `continues[i]` is true when the ancestor at depth `i + 1` has siblings below it.
    public var continues: [Bool]
    public var isLastSibling: Bool
    public var hasChildren: Bool
    public var isFolded: Bool
}

/// The tree view's outline of an episode: siblings ordered by visits (then Q, then age) so the top line is the
/// principal variation, folded nodes hiding their subtrees, and row lookup that only touches the rows asked for.
/// Row 0 is ``top``: the episode's root, or the node the view is rooted at (the rest of the tree is off the outline).
///
/// Counting visible rows is one pass over the node array (parents always have smaller ids than their children) when
/// the tree changes, and a fold or unfold updates only the node's ancestors;
/// sorting happens only for the children of nodes on the rows asked for, so a million-node tree stays interactive.
public struct TreeOutline: Sendable {
    public private(set) var folded: Set<NodeID> = []
    private var visibleCount: [Int] = []
    private var sortedChildren: [NodeID: [NodeID]] = [:]
    private var tree: EpisodeTree?
    /// The node on row 0.
    public private(set) var top: NodeID = .root

    public init() {}

    /// Roots the outline at `node`: its subtree becomes the rows.
    public mutating func setTop(_ node: NodeID) {
        guard let tree, tree.contains(node) else { return }
        top = node
    }

    /// Rebuilds the row counts for a new state of the tree. Fold marks on nodes that still exist are kept.
    public mutating func update(_ tree: EpisodeTree) {
        self.tree = tree
        sortedChildren.removeAll(keepingCapacity: true)
        recount()
    }

    public var rowCount: Int { top.rawValue < visibleCount.count ? visibleCount[top.rawValue] : 0 }

    public func isFolded(_ node: NodeID) -> Bool { folded.contains(node) }

    public mutating func setFolded(_ node: NodeID, _ isFolded: Bool) {
        guard let tree, tree.contains(node), tree.childCount(of: node) > 0 || !isFolded else { return }
        let changed = isFolded ? folded.insert(node).inserted : folded.remove(node) != nil
        if changed { recount(changedFold: node, in: tree) }
    }

    public mutating func toggleFold(_ node: NodeID) { setFolded(node, !folded.contains(node)) }

    /// Folds every node deeper than `depth`, so a huge tree opens showing its top levels.
    public mutating func fold(below depth: Int) {
        guard let tree else { return }
        folded = Set(
            (0..<tree.nodes.count).lazy.map { NodeID($0) }.filter {
                tree.depth(of: $0) >= depth && tree.childCount(of: $0) > 0
            })
        recount()
    }

    /// The children of `node` in display order: most visits first, then higher Q, then older.
    public mutating func children(of node: NodeID) -> [NodeID] {
        if let cached = sortedChildren[node] { return cached }
        guard let tree else { return [] }
        let sorted = tree.children(of: node).sorted { a, b in
            let x = tree.statistics(of: a)
            let y = tree.statistics(of: b)
            if x.visits != y.visits { return x.visits > y.visits }
            if x.q != y.q { return x.q > y.q }
            return a < b
        }
        sortedChildren[node] = sorted
        return sorted
    }

    /// `count` rows starting at row `start` (row 0 is ``top``); a row's depth counts from ``top``.
    public mutating func rows(from start: Int, count: Int) -> [OutlineRow] {
        guard let tree, start >= 0, start < rowCount, count > 0 else { return [] }
        var rows: [OutlineRow] = []
        rows.reserveCapacity(count)
        // Descend to the row `start`, remembering at each level which sibling we are in.
        var stack: [(siblings: [NodeID], index: Int)] = []
        var remaining = start
        var node = top
        while remaining > 0 {
            remaining -= 1
            let kids = children(of: node)
            var index = 0
            while remaining >= visibleCount[kids[index].rawValue] {
                remaining -= visibleCount[kids[index].rawValue]
                index += 1
            }
            stack.append((kids, index))
            node = kids[index]
        }
        // Walk forward in display order from there.
        while rows.count < count {
            let current = stack.last.map { $0.siblings[$0.index] } ?? top
            let hasChildren = tree.childCount(of: current) > 0
            rows.append(
                OutlineRow(
                    node: current, depth: stack.count,
                    continues: stack.dropLast().map { $0.index < $0.siblings.count - 1 },
                    isLastSibling: stack.last.map { $0.index == $0.siblings.count - 1 } ?? true,
                    hasChildren: hasChildren, isFolded: folded.contains(current)))
            if hasChildren && !folded.contains(current) {
                stack.append((children(of: current), 0))
                continue
            }
            // Next sibling, or climb until an ancestor has one.
            while let top = stack.last, top.index == top.siblings.count - 1 { stack.removeLast() }
            if stack.isEmpty { break }
            stack[stack.count - 1].index += 1
        }
        return rows
    }

    /// The row a node is on, unfolding its ancestors if they hide it; nil for a node outside ``top``'s subtree.
    public mutating func row(of target: NodeID) -> Int? {
        guard let tree, tree.contains(target) else { return nil }
        let full = tree.path(to: target)
        guard let start = full.firstIndex(of: top) else { return nil }
        let path = full[start...]
        for ancestor in path.dropLast() where folded.remove(ancestor) != nil {
            recount(changedFold: ancestor, in: tree)
        }
        var row = 0
        for (parent, child) in zip(path, path.dropFirst()) {
            row += 1
            for sibling in children(of: parent) {
                if sibling == child { break }
                row += visibleCount[sibling.rawValue]
            }
        }
        return row
    }

    /// Brings the row counts up to date after `node` alone was folded or unfolded: only its own count and its
    /// ancestors' change, up to the first folded ancestor (whose count is its one row whatever lies below), so a
    /// fold costs the node's depth and child count, not a pass over the whole tree.
    private mutating func recount(changedFold node: NodeID, in tree: EpisodeTree) {
        var count = 1
        if !folded.contains(node) {
            for child in tree.children(of: node) { count += visibleCount[child.rawValue] }
        }
        let change = count - visibleCount[node.rawValue]
        visibleCount[node.rawValue] = count
        var ancestor = tree.parent(of: node)
        while change != 0, let above = ancestor, !folded.contains(above) {
            visibleCount[above.rawValue] += change
            ancestor = tree.parent(of: above)
        }
    }

    /// Counts every node's visible rows afresh: one pass from the last node back (children come after parents).
    private mutating func recount() {
        guard let tree else {
            visibleCount = []
            return
        }
        folded = folded.filter { tree.contains($0) }
        let count = tree.nodes.count
        var isFolded = [Bool](repeating: false, count: count)
        for node in folded { isFolded[node.rawValue] = true }
        visibleCount = [Int](repeating: 1, count: count)
        for index in stride(from: count - 1, to: 0, by: -1) {
            guard let parent = tree.parent(of: NodeID(index))?.rawValue, !isFolded[parent] else { continue }
            visibleCount[parent] += visibleCount[index]
        }
    }
}
