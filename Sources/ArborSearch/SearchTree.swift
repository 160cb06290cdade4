import ArborCore

/// One episode's tree as the engine grows it: ids dense from 0 in creation order, exactly as the fold numbers them.
public struct SearchTree: Sendable, Equatable {
    /// Kept in chunks so that growing the tree never moves (or page-faults in a copy of) the nodes it already has.
    public private(set) var nodes: ChunkedArray<SearchNode>
    /// From the root to the node the current real step searches from.
    public internal(set) var committedPath: [NodeID] = [.root]

    init() {
        nodes = ChunkedArray([
            SearchNode(id: .root, parent: nil, depth: 0, action: "", prior: 1, sampleCount: 0, rationale: nil)
        ])
    }

    public var count: Int { nodes.count }
    public var committedNode: NodeID { committedPath[committedPath.count - 1] }
    public func contains(_ id: NodeID) -> Bool { id.rawValue >= 0 && id.rawValue < nodes.count }

    /// Reads and writes in place: `tree[id].stats.record(v)` neither copies the node nor retains its texts.
    public subscript(id: NodeID) -> SearchNode {
        _read { yield nodes[id.rawValue] }
        _modify { yield &nodes[id.rawValue] }
    }

    /// Adds a child; its id is the next free one.
    mutating func addChild(
        of parent: NodeID, action: String, prior: Double, count: Int, rationale: BlobRef?, label: String? = nil
    ) -> NodeID {
        let id = NodeID(nodes.count)
        nodes.append(
            SearchNode(
                id: id, parent: parent, depth: nodes[parent.rawValue].depth + 1, action: action, prior: prior,
                sampleCount: count, rationale: rationale, label: label))
        nodes[parent.rawValue].children.append(id)
        return id
    }

    /// Adds `children` under `parent`, whose ids must be the next free ones in order, and marks `parent` expanded.
    mutating func expand(_ parent: NodeID, with children: [ExpandedChild]) {
        nodes[parent.rawValue].children.reserveCapacity(nodes[parent.rawValue].children.count + children.count)
        for child in children {
            let id = addChild(
                of: parent, action: child.action, prior: child.prior, count: child.count, rationale: child.rationale,
                label: child.label)
            assert(id == child.node, "an expansion's children take the next free ids")
        }
        nodes[parent.rawValue].expanded = true
    }

    /// Adds `value` to the visit statistics of every node on `path`.
    mutating func record(_ backedUp: BackedUp) {
        for (index, node) in backedUp.path.enumerated() { nodes[node.rawValue].stats.record(backedUp.value(at: index)) }
    }

    /// The nodes from `ancestor` down to `id`, or nil when `ancestor` is not above (or at) `id`.
    public func path(from ancestor: NodeID, to id: NodeID) -> [NodeID]? {
        var path = [id]
        var current = id
        while current != ancestor {
            guard let parent = nodes[current.rawValue].parent else { return nil }
            path.append(parent)
            current = parent
        }
        return path.reversed()
    }

    /// The nodes from the root down to `id`.
    public func path(to id: NodeID) -> [NodeID] { path(from: .root, to: id) ?? [id] }

    /// The actions from the root to `id`, oldest first.
    public func actions(to id: NodeID) -> [String] {
        path(to: id) { $0.action }
    }

    /// The same actions as people read them: each with its element's label where the page named one.
    public func shownActions(to id: NodeID) -> [String] {
        path(to: id) { ElementLabel.shown($0.action, label: $0.label) }
    }

    /// `read` of every node from the root's child down to `id`.
    private func path(to id: NodeID, _ read: (SearchNode) -> String) -> [String] {
        var actions: [String] = []
        actions.reserveCapacity(nodes[id.rawValue].depth)
        var current = id
        while let parent = nodes[current.rawValue].parent {
            actions.append(read(nodes[current.rawValue]))
            current = parent
        }
        actions.reverse()
        return actions
    }
}
