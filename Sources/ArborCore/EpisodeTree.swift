/// One episode's tree as the fold of the log builds it: nodes in id order, the committed path, and where the
/// search is now.
public struct EpisodeTree: Sendable, Equatable {
    public let episode: Int
    public let taskID: String
    public let task: String
    /// Indexed by ``NodeID/rawValue``.
    public internal(set) var nodes: [Node]
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
        var root = Node(
            id: .root, parent: nil, depth: 0, action: "", prior: 1, sampleCount: 0, rationale: nil, createdAtStep: 0)
        root.committed = true
        nodes = [root]
    }

    public var root: Node { nodes[0] }
    public var committedNode: NodeID { committedPath[committedPath.count - 1] }

    public subscript(id: NodeID) -> Node { nodes[id.rawValue] }

    public func contains(_ id: NodeID) -> Bool { id.rawValue >= 0 && id.rawValue < nodes.count }

    /// The nodes from the root down to `id`, root first.
    public func path(to id: NodeID) -> [NodeID] {
        var path = [id]
        var current = nodes[id.rawValue].parent
        while let p = current {
            path.append(p)
            current = nodes[p.rawValue].parent
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
                nodes[id.rawValue].committed = false
                nodes[id.rawValue].abandoned = true
            }
            for id in path {
                nodes[id.rawValue].committed = true
                nodes[id.rawValue].abandoned = false
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
            let depth = nodes[e.parent.rawValue].depth + 1
            for child in e.children {
                guard child.node.rawValue == nodes.count else {
                    throw .unexpectedChild(seq: seq, episode: episode, node: child.node, expected: NodeID(nodes.count))
                }
                nodes.append(
                    Node(
                        id: child.node, parent: e.parent, depth: depth, action: child.action, prior: child.prior,
                        sampleCount: child.count, rationale: child.rationale, createdAtStep: step))
                nodes[e.parent.rawValue].children.append(child.node)
            }
            activeNode = e.parent
        case .observed(let e):
            try check(e.node, seq)
            nodes[e.node.rawValue].observation = e.observation
            nodes[e.node.rawValue].reward = e.reward
            nodes[e.node.rawValue].terminal = e.terminal
            nodes[e.node.rawValue].success = e.success
        case .backtracked(let e):
            try check(e.to, seq)
        case .evaluated(let e):
            try check(e.node, seq)
            nodes[e.node.rawValue].value = e.value
            nodes[e.node.rawValue].evaluationMethod = e.method
            nodes[e.node.rawValue].evaluations += 1
            activeNode = e.node
        case .debate(let e):
            try check(e.node, seq)
            nodes[e.node.rawValue].debated = true
        case .backedUp(let e):
            try checkChain(e.path, seq)
            for id in e.path { nodes[id.rawValue].stats.record(e.value) }
        case .reflectionsRetrieved(let e):
            try check(e.node, seq)
            nodes[e.node.rawValue].reflectionsUsed += e.ids.count
        case .actionCommitted(let e):
            try check(e.node, seq)
            guard nodes[e.node.rawValue].parent == committedNode else {
                throw .brokenPath(seq: seq, episode: episode, path: committedPath + [e.node])
            }
            committedPath.append(e.node)
            nodes[e.node.rawValue].committed = true
        case .episodeEnded(let e):
            outcome = e
        case .modelCall(let e):
            modelCalls += 1
            tokens += e.tokensIn + e.tokensOut
        case .intervention(let e):
            interventions.append(e)
            guard let node = e.node else { break }
            try check(node, seq)
            nodes[node.rawValue].interventions += 1
            guard e.outcome == "done" else { break }
            switch e.kind {
            case .exclude: nodes[node.rawValue].excluded = true
            case .allow: nodes[node.rawValue].excluded = false
            default: break
            }
        case .error(let e):
            guard let node = e.node else { break }
            try check(node, seq)
            nodes[node.rawValue].errors += 1
        }
    }

    private func check(_ id: NodeID, _ seq: Int64) throws(FoldError) {
        guard contains(id) else { throw .unknownNode(seq: seq, episode: episode, node: id) }
    }

    private func checkChain(_ path: [NodeID], _ seq: Int64) throws(FoldError) {
        var previous: NodeID?
        for id in path {
            try check(id, seq)
            if let previous, nodes[id.rawValue].parent != previous {
                throw .brokenPath(seq: seq, episode: episode, path: path)
            }
            previous = id
        }
    }
}
