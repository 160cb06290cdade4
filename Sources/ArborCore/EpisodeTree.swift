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
    /// Which attempt at the episode this tree is, from 1 (see ``EpisodeStarted/attempt``).
    public let attempt: Int
    var records: ChunkedArray<NodeRecord>
    /// Each node's action and rationale, by node id; written once, when the node is created.
    var actions: ChunkedArray<String>
    var rationales: ChunkedArray<BlobRef?>
    /// Each node's element label (``ElementLabel``), by node id; nil where the action names no labelled element.
    var labels: ChunkedArray<String?>
    /// Every observation recorded, in log order; a node's record points at its latest.
    var observations = ChunkedArray<BlobRef>()
    /// The images of each node's latest observation, for the few nodes that have any.
    public internal(set) var images: [NodeID: [ObservedImage]] = [:]
    /// From the root to the node the current real step searches from.
    public internal(set) var committedPath: [NodeID] = [.root]
    public internal(set) var step = 0
    public internal(set) var iteration = 0
    /// The leaf the latest selection reached: the node being worked on.
    public internal(set) var activeNode: NodeID?
    /// The leaves of the simulations in flight (being expanded and evaluated) when the search runs several at a time,
    /// in the order they were selected; empty between waves and when it runs one at a time.
    public internal(set) var inFlight: [NodeID] = []
    public internal(set) var outcome: EpisodeEnded?
    public internal(set) var modelCalls = 0
    public internal(set) var tokens = 0
    public internal(set) var interventions: [Intervention] = []

    init(_ started: EpisodeStarted) {
        episode = started.episode
        taskID = started.taskID
        task = started.task
        attempt = started.attempt ?? 1
        var root = NodeRecord(parent: nil, depth: 0, prior: 1, sampleCount: 0, createdAtStep: 0)
        root.committed = true
        records = ChunkedArray([root])
        actions = ChunkedArray([""])
        rationales = ChunkedArray([nil])
        labels = ChunkedArray([nil])
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
            label: labels[id.rawValue], children: children(of: id),
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

    // MARK: - Helpers of the fold (each payload's `fold(into:seq:)` applies it)

    /// Appends `child` to the end of `parent`'s list of children.
    mutating func link(_ child: NodeID, under parent: NodeID) {
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

    func check(_ id: NodeID, _ seq: Int64) throws(FoldError) {
        guard contains(id) else { throw .unknownNode(seq: seq, episode: episode, node: id) }
    }

    func checkChain(_ path: [NodeID], _ seq: Int64) throws(FoldError) {
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
