/// A node of an episode's tree, as the fold of the log sees it.
public struct Node: Sendable, Equatable {
    public let id: NodeID
    public let parent: NodeID?
    public let depth: Int
    /// The grounded action that leads here from the parent; empty at the root.
    public let action: String
    public let prior: Double
    /// How many policy samples proposed this action.
    public let sampleCount: Int
    public let rationale: BlobRef?
    /// The label of the element the action names, from the parent's page (``ElementLabel``).
    public let label: String?
    /// The real step during whose search the node was created.
    public let createdAtStep: Int
    public internal(set) var children: [NodeID] = []
    public internal(set) var stats = VisitStatistics()
    /// The latest evaluation of this node itself (not the mean), and how it was made.
    public internal(set) var value: Double?
    public internal(set) var evaluationMethod: EvaluationMethod?
    public internal(set) var evaluations = 0
    public internal(set) var observation: BlobRef?
    public internal(set) var reward: Double = 0
    public internal(set) var terminal = false
    public internal(set) var success: Bool?
    public internal(set) var debated = false
    public internal(set) var reflectionsUsed = 0
    /// How many of a person's controls took effect here (refused ones are only in the log).
    public internal(set) var interventions = 0
    /// A person excluded it from selection.
    public internal(set) var excluded = false
    /// It was on the committed path until the episode was rewound above it.
    public internal(set) var abandoned = false
    public internal(set) var committed = false
    public internal(set) var errors = 0

    init(
        id: NodeID, record: NodeRecord, action: String, rationale: BlobRef?, label: String?, children: [NodeID],
        observation: BlobRef?
    ) {
        self.id = id
        parent = record.parent >= 0 ? NodeID(Int(record.parent)) : nil
        depth = Int(record.depth)
        self.action = action
        self.label = label
        prior = record.prior
        sampleCount = Int(record.sampleCount)
        self.rationale = rationale
        createdAtStep = Int(record.createdAtStep)
        self.children = children
        stats = record.stats
        value = record.value
        evaluationMethod = record.evaluationMethod
        evaluations = Int(record.evaluations)
        self.observation = observation
        reward = record.reward
        terminal = record.terminal
        success = record.success
        debated = record.debated
        reflectionsUsed = Int(record.reflectionsUsed)
        interventions = Int(record.interventions)
        excluded = record.excluded
        abandoned = record.abandoned
        committed = record.committed
        errors = Int(record.errors)
    }

    public var visits: Int { stats.visits }
    public var q: Double { stats.q }

    public init(
        id: NodeID, parent: NodeID?, depth: Int, action: String, prior: Double, sampleCount: Int,
        rationale: BlobRef?, createdAtStep: Int, label: String? = nil
    ) {
        self.id = id
        self.parent = parent
        self.depth = depth
        self.action = action
        self.label = label
        self.prior = prior
        self.sampleCount = sampleCount
        self.rationale = rationale
        self.createdAtStep = createdAtStep
    }
}
