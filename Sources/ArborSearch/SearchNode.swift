import ArborCore

/// A node of the engine's own tree: what the fold's ``ArborCore/Node`` holds, plus the texts the engine needs to
/// prompt from it.
public struct SearchNode: Sendable, Equatable {
    // What selection reads of every child comes first, so that it shares a cache line or two: a walk down a large
    // tree reads five nodes per level that are rarely in cache.
    public let prior: Double
    /// Every value backed up through this node, over the whole episode (what the fold shows).
    public internal(set) var stats = VisitStatistics()
    public internal(set) var children: [NodeID] = []
    public internal(set) var excluded = false
    /// Policy samples have been drawn here (even if none gave a usable action).
    public internal(set) var expanded = false
    public internal(set) var terminal = false
    public internal(set) var debated = false
    public internal(set) var success: Bool?
    public let id: NodeID
    public let parent: NodeID?
    public let depth: Int
    public let action: String
    public let sampleCount: Int
    public let rationale: BlobRef?
    /// The label of the element the action names, from the parent's page (``ArborCore/ElementLabel``).
    public let label: String?
    public internal(set) var value: Double?
    public internal(set) var evaluationMethod: EvaluationMethod?
    public internal(set) var observation: BlobRef?
    /// The observation's text; nil until the environment has been stepped into this node.
    public internal(set) var observationText: String?
    public internal(set) var reward: Double = 0
    /// The images shown with the observation (screenshots), as blobs, for the prompts of a model that sees them.
    public internal(set) var images: [Blob] = []

    init(
        id: NodeID, parent: NodeID?, depth: Int, action: String, prior: Double, sampleCount: Int, rationale: BlobRef?,
        label: String? = nil
    ) {
        self.id = id
        self.parent = parent
        self.depth = depth
        self.action = action
        self.prior = prior
        self.sampleCount = sampleCount
        self.rationale = rationale
        self.label = label
    }

    public var observed: Bool { observationText != nil }

    /// Records what the environment showed here, in one write.
    mutating func observe(_ observation: Blob, reward: Double, terminal: Bool, success: Bool?) {
        self.observation = observation.ref
        observationText = observation.text
        self.reward = reward
        self.terminal = terminal
        self.success = success
    }
    public var visits: Int { stats.visits }
    public var q: Double { stats.q }
}
