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
    /// Policy samples of this node's expansions that gave no child, with why.
    public var rejected: [RejectedSample] = []
    /// The candidates the latest selection that passed through this node weighed among its children.
    public var lastCandidates: [Candidate] = []
    public init() {}
}
