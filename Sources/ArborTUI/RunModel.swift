import ArborCore

/// The fold the views read: the run's state plus indexes the views need and the log does not keep in the tree
/// (per-node details, value histories). Built only by applying events, so live, replay and tests agree.
public struct RunModel: Sendable {
    public let run: RunID
    public private(set) var state = RunState()
    /// Per episode, indexed by node id; chunked so a replay's checkpoints share what later events did not touch.
    private var details: [Int: ChunkedArray<NodeDetails>] = [:]
    public private(set) var histories: [Int: ValueHistory] = [:]
    /// Every committed step's decision, as it stood at the moment of commit.
    private var decisions = DecisionLog()

    /// In a replay, where the log mentions each node: details are gathered from the log when a view asks, rather
    /// than carried (and copied) in every checkpoint and every seek.
    private let mentions: NodeMentions?

    public init(run: RunID) {
        self.run = run
        mentions = nil
    }

    init(run: RunID, mentions: NodeMentions) {
        self.run = run
        self.mentions = mentions
    }

    public func details(episode: Int, node: NodeID) -> NodeDetails {
        if let mentions {
            return mentions.details(episode: episode, node: node, before: state.eventCount)
        }
        guard let nodes = details[episode], node.rawValue >= 0, node.rawValue < nodes.count else {
            return NodeDetails()
        }
        return nodes[node.rawValue]
    }

    /// The decision of the step that committed `node`, if a step did.
    public func decision(episode: Int, committed node: NodeID) -> StepDecision? {
        decisions.decisions[episode]?[node]
    }

    /// The node the episode's latest step searched from (the root before the first step).
    public func searchRoot(episode: Int) -> NodeID { decisions.searchRoots[episode] ?? .root }

    /// When the run's first event was written.
    public private(set) var firstTime: Double?

    public mutating func apply(_ record: EventRecord) throws(FoldError) {
        try state.apply(record)
        decisions.apply(record.event, in: state)
        if firstTime == nil { firstTime = record.time }
        if case .backedUp(let e) = record.event, let tree = state.episodes[e.episode] {
            histories[e.episode, default: ValueHistory()].record(
                step: tree.step, tree: tree, searchRoot: tree.committedNode)
        }
        guard mentions == nil, let (episode, nodes) = Self.mentioned(in: record.event) else { return }
        for node in nodes where node.rawValue >= 0 {
            // Taken out and put back, so the write below touches the only reference to the episode's details.
            var episodeDetails = details.removeValue(forKey: episode) ?? ChunkedArray()
            while episodeDetails.count <= node.rawValue { episodeDetails.append(NodeDetails()) }
            Self.add(record.event, for: node, to: &episodeDetails[node.rawValue])
            details[episode] = episodeDetails
        }
    }

    /// The nodes whose details an event adds to.
    static func mentioned(in event: Event) -> (episode: Int, nodes: [NodeID])? {
        var detail = Detail()
        return event.visit(&detail)?.mentioned
    }

    /// What an event adds to one node's details.
    static func add(_ event: Event, for node: NodeID, to details: inout NodeDetails) {
        var detail = Detail()
        event.visit(&detail)?.add(to: &details, for: node)
    }

    private struct Detail: EventVisitor {
        func visit<Payload: EventPayload>(_ payload: Payload) -> (any NodeDetail)? { payload as? any NodeDetail }
    }
}
