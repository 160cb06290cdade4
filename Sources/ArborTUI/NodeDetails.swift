import ArborCore

/// What the log says about one node beyond its statistics: its evaluations, debates, model calls, retrieved
/// lessons, errors and interventions, in log order. The inspector's tabs read these.
public struct NodeDetails: Sendable, Equatable {
    public var evaluations: [Evaluated] = []
    public var debates: [Debate] = []
    public var calls: [ModelCallRecord] = []
    public var retrieved: [ReflectionsRetrieved] = []
    public var errors: [ErrorRecord] = []
    public var interventions: [Intervention] = []
    /// The candidates the latest selection that passed through this node weighed among its children.
    public var lastCandidates: [Candidate] = []
    public init() {}
}

/// A payload that adds to the details of the nodes it mentions; the events that are not one add nothing.
protocol NodeDetail: EventPayload {
    /// The nodes whose details the payload adds to, and their episode.
    var mentioned: (episode: Int, nodes: [NodeID])? { get }
    /// Adds the payload to `node`'s details.
    func add(to details: inout NodeDetails, for node: NodeID)
}

extension NodeDetail {
    /// Its own node, when the payload names both an episode and a node.
    fileprivate static func only(_ episode: Int?, _ node: NodeID?) -> (episode: Int, nodes: [NodeID])? {
        guard let episode, let node else { return nil }
        return (episode, [node])
    }
}

extension Evaluated: NodeDetail {
    var mentioned: (episode: Int, nodes: [NodeID])? { (episode, [node]) }
    func add(to details: inout NodeDetails, for node: NodeID) { details.evaluations.append(self) }
}

extension Debate: NodeDetail {
    var mentioned: (episode: Int, nodes: [NodeID])? { (episode, [node]) }
    func add(to details: inout NodeDetails, for node: NodeID) { details.debates.append(self) }
}

extension ReflectionsRetrieved: NodeDetail {
    var mentioned: (episode: Int, nodes: [NodeID])? { (episode, [node]) }
    func add(to details: inout NodeDetails, for node: NodeID) { details.retrieved.append(self) }
}

extension ModelCallRecord: NodeDetail {
    var mentioned: (episode: Int, nodes: [NodeID])? { Self.only(episode, node) }
    func add(to details: inout NodeDetails, for node: NodeID) { details.calls.append(self) }
}

extension ErrorRecord: NodeDetail {
    var mentioned: (episode: Int, nodes: [NodeID])? { Self.only(episode, node) }
    func add(to details: inout NodeDetails, for node: NodeID) { details.errors.append(self) }
}

extension Intervention: NodeDetail {
    var mentioned: (episode: Int, nodes: [NodeID])? { Self.only(episode, node) }
    func add(to details: inout NodeDetails, for node: NodeID) { details.interventions.append(self) }
}

extension Selected: NodeDetail {
    /// The nodes whose children the selection weighed.
    var mentioned: (episode: Int, nodes: [NodeID])? { (episode, zip(path, levels).filter { !$0.1.isEmpty }.map(\.0)) }
    func add(to details: inout NodeDetails, for node: NodeID) {
        if let level = zip(path, levels).first(where: { $0.0 == node })?.1 { details.lastCandidates = level }
    }
}
