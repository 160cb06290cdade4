/// One episode's tree as the fold of the log builds it: nodes in id order, the committed path, and where the
/// search is now.
///
/// The nodes are stored as plain records in chunks (``NodeRecord``, ``ChunkedArray``) with their texts in
/// append-only side tables, so a copy of a tree shares every chunk it has not changed and a changed chunk copies as
/// bytes. ``subscript(_:)`` and ``nodes`` hand out ``Node`` values assembled from them.
public struct EpisodeTree: Sendable, Equatable {
    public let episode: Int
    public let taskID: String
    public let task: String
    private var records: ChunkedArray<NodeRecord>
    /// Each node's action and rationale, by node id; written once, when the node is created.
    private var actions: ChunkedArray<String>
    private var rationales: ChunkedArray<BlobRef?>
    /// Every observation recorded, in log order; a node's record points at its latest.
    private var observations = ChunkedArray<BlobRef>()
    /// From the root to the node the current real step searches from.
    public internal(set) var committedPath: [NodeID] = [.root]
    public internal(set) var step = 0
    public internal(set) var iteration = 0
    /// The leaf the latest selection reached: the node being worked on.
    public internal(set) var activeNode: NodeID?
    public internal(set) var outcome: EpisodeEnded?
    public internal(set) var modelCalls = 0
    public internal(set) var tokens = 0
    public internal(set) var interventions: [Intervention] = []

    init(_ started: EpisodeStarted) {
        episode = started.episode
        taskID = started.taskID
        task = started.task
        var root = NodeRecord(parent: nil, depth: 0, prior: 1, sampleCount: 0, createdAtStep: 0)
        root.committed = true
        records = ChunkedArray([root])
        actions = ChunkedArray([""])
        rationales = ChunkedArray([nil])
    }

    /// Every node, indexed by ``NodeID/rawValue``.
    public var nodes: Nodes { Nodes(tree: self) }

    /// The tree's nodes as a collection, each assembled when read.
    public struct Nodes: RandomAccessCollection, Sendable {
        let tree: EpisodeTree
        public var startIndex: Int { 0 }
        public var endIndex: Int { tree.records.count }
        public subscript(position: Int) -> Node { tree[NodeID(position)] }
    }

    public var root: Node { self[.root] }
    public var committedNode: NodeID { committedPath[committedPath.count - 1] }

    public subscript(id: NodeID) -> Node {
        let record = records[id.rawValue]
        return Node(
            id: id, record: record, action: actions[id.rawValue], rationale: rationales[id.rawValue],
            children: children(of: id),
            observation: record.observation >= 0 ? observations[Int(record.observation)] : nil)
    }

    public func contains(_ id: NodeID) -> Bool { id.rawValue >= 0 && id.rawValue < records.count }

    /// A node's children in creation order.
    public func children(of id: NodeID) -> [NodeID] {
        let record = records[id.rawValue]
        var children: [NodeID] = []
        children.reserveCapacity(Int(record.childCount))
        var next = record.firstChild
        while next >= 0 {
            children.append(NodeID(Int(next)))
            next = records[Int(next)].nextSibling
        }
        return children
    }

    /// A node's parent, without assembling the node.
    public func parent(of id: NodeID) -> NodeID? {
        let parent = records[id.rawValue].parent
        return parent >= 0 ? NodeID(Int(parent)) : nil
    }

    /// How many children a node has, and how deep it is, without assembling the node.
    public func childCount(of id: NodeID) -> Int { Int(records[id.rawValue].childCount) }
    public func depth(of id: NodeID) -> Int { Int(records[id.rawValue].depth) }

    /// A node's visit statistics, without assembling the node.
    public func statistics(of id: NodeID) -> VisitStatistics { records[id.rawValue].stats }

    /// The nodes from the root down to `id`, root first.
    public func path(to id: NodeID) -> [NodeID] {
        var path = [id]
        var current = parent(of: id)
        while let p = current {
            path.append(p)
            current = parent(of: p)
        }
        return path.reversed()
    }

    // MARK: - Applying events

    mutating func apply(_ event: Event, seq: Int64) throws(FoldError) {
        switch event {
        case .runStarted, .runEnded, .episodeStarted, .reflectionCreated:
            break
        case .stepStarted(let e):
            try check(e.node, seq)
            let path = path(to: e.node)
            let kept = Set(path)
            for id in committedPath where !kept.contains(id) {
                records[id.rawValue].committed = false
                records[id.rawValue].abandoned = true
            }
            for id in path {
                records[id.rawValue].committed = true
                records[id.rawValue].abandoned = false
            }
            committedPath = path
            step = e.step
            iteration = 0
            activeNode = e.node
        case .iterationStarted(let e):
            step = e.step
            iteration = e.iteration
        case .selected(let e):
            try checkChain(e.path, seq)
            activeNode = e.path.last
        case .expanded(let e):
            try check(e.parent, seq)
            let depth = Int(records[e.parent.rawValue].depth) + 1
            for child in e.children {
                guard child.node.rawValue == records.count else {
                    throw .unexpectedChild(
                        seq: seq, episode: episode, node: child.node, expected: NodeID(records.count))
                }
                records.append(
                    NodeRecord(
                        parent: e.parent, depth: depth, prior: child.prior, sampleCount: child.count,
                        createdAtStep: step))
                actions.append(child.action)
                rationales.append(child.rationale)
                link(child.node, under: e.parent)
            }
            activeNode = e.parent
        case .observed(let e):
            try check(e.node, seq)
            observations.append(e.observation)
            records[e.node.rawValue].observation = Int32(truncatingIfNeeded: observations.count - 1)
            records[e.node.rawValue].reward = e.reward
            records[e.node.rawValue].terminal = e.terminal
            records[e.node.rawValue].success = e.success
        case .backtracked(let e):
            try check(e.to, seq)
        case .evaluated(let e):
            try check(e.node, seq)
            records[e.node.rawValue].value = e.value
            records[e.node.rawValue].evaluationMethod = e.method
            records[e.node.rawValue].evaluations += 1
            activeNode = e.node
        case .debate(let e):
            try check(e.node, seq)
            records[e.node.rawValue].debated = true
        case .backedUp(let e):
            try checkChain(e.path, seq)
            for id in e.path { records[id.rawValue].stats.record(e.value) }
        case .reflectionsRetrieved(let e):
            try check(e.node, seq)
            records[e.node.rawValue].reflectionsUsed += Int32(truncatingIfNeeded: e.ids.count)
        case .actionCommitted(let e):
            try check(e.node, seq)
            guard parent(of: e.node) == committedNode else {
                throw .brokenPath(seq: seq, episode: episode, path: committedPath + [e.node])
            }
            committedPath.append(e.node)
            records[e.node.rawValue].committed = true
        case .episodeEnded(let e):
            outcome = e
        case .modelCall(let e):
            modelCalls += 1
            tokens += e.tokensIn + e.tokensOut
        case .intervention(let e):
            interventions.append(e)
            guard let node = e.node else { break }
            try check(node, seq)
            // A refused control changed nothing at the node: it is in the log (and the Notes tab), not on the node.
            guard e.outcome == "done" else { break }
            records[node.rawValue].interventions += 1
            switch e.kind {
            case .exclude: records[node.rawValue].excluded = true
            case .allow: records[node.rawValue].excluded = false
            default: break
            }
        case .error(let e):
            guard let node = e.node else { break }
            try check(node, seq)
            records[node.rawValue].errors += 1
        }
    }

    /// Appends `child` to the end of `parent`'s list of children.
    private mutating func link(_ child: NodeID, under parent: NodeID) {
        let index = Int32(truncatingIfNeeded: child.rawValue)
        let last = records[parent.rawValue].lastChild
        if last >= 0 {
            records[Int(last)].nextSibling = index
        } else {
            records[parent.rawValue].firstChild = index
        }
        records[parent.rawValue].lastChild = index
        records[parent.rawValue].childCount += 1
    }

    private func check(_ id: NodeID, _ seq: Int64) throws(FoldError) {
        guard contains(id) else { throw .unknownNode(seq: seq, episode: episode, node: id) }
    }

    private func checkChain(_ path: [NodeID], _ seq: Int64) throws(FoldError) {
        var previous: NodeID?
        for id in path {
            try check(id, seq)
            if let previous, parent(of: id) != previous {
                throw .brokenPath(seq: seq, episode: episode, path: path)
            }
            previous = id
        }
    }
}
