import ArborCore

/// The fold the views read: the run's state plus indexes the views need and the log does not keep in the tree
/// (per-node details, value histories). Built only by applying events, so live, replay and tests agree.
public struct RunModel: Sendable {
    public let run: RunID
    public private(set) var state = RunState()
    public private(set) var details: [NodeKey: NodeDetails] = [:]
    public private(set) var histories: [Int: ValueHistory] = [:]

    public init(run: RunID) { self.run = run }

    public func details(episode: Int, node: NodeID) -> NodeDetails {
        details[NodeKey(episode: episode, node: node)] ?? NodeDetails()
    }

    /// When the run's first event was written.
    public private(set) var firstTime: Double?

    public mutating func apply(_ record: EventRecord) throws(FoldError) {
        try state.apply(record)
        if firstTime == nil { firstTime = record.time }
        switch record.event {
        case .evaluated(let e): edit(e.episode, e.node) { $0.evaluations.append(e) }
        case .debate(let e): edit(e.episode, e.node) { $0.debates.append(e) }
        case .modelCall(let e):
            if let episode = e.episode, let node = e.node { edit(episode, node) { $0.calls.append(e) } }
        case .reflectionsRetrieved(let e): edit(e.episode, e.node) { $0.retrieved.append(e) }
        case .error(let e):
            if let episode = e.episode, let node = e.node { edit(episode, node) { $0.errors.append(e) } }
        case .intervention(let e):
            if let episode = e.episode, let node = e.node { edit(episode, node) { $0.interventions.append(e) } }
        case .selected(let e):
            for (node, level) in zip(e.path, e.levels) where !level.isEmpty {
                edit(e.episode, node) { $0.lastCandidates = level }
            }
        case .backedUp(let e):
            guard let tree = state.episodes[e.episode] else { break }
            histories[e.episode, default: ValueHistory()].record(
                step: tree.step, tree: tree, searchRoot: tree.committedNode)
        default:
            break
        }
    }

    private mutating func edit(_ episode: Int, _ node: NodeID, _ change: (inout NodeDetails) -> Void) {
        change(&details[NodeKey(episode: episode, node: node), default: NodeDetails()])
    }
}
