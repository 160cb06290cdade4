/// How an episode tree stores one node: every field as a plain value (no strings, no arrays), children as a linked
/// list of node indices, the observation as an index into the tree's table of observations. A chunk of these copies
/// with one `memcpy`, so copying a tree — a replay's checkpoint, a seek resuming from one — costs a fraction of a
/// tree of ``Node`` values, whose strings and arrays each need counting on every copy.
struct NodeRecord: Equatable {
    var parent: Int32
    var depth: Int32
    var sampleCount: Int32
    var createdAtStep: Int32
    var prior: Double
    var firstChild: Int32 = -1
    var lastChild: Int32 = -1
    var nextSibling: Int32 = -1
    var childCount: Int32 = 0
    var stats = VisitStatistics()
    var value: Double?
    var evaluationMethod: EvaluationMethod?
    var evaluations: Int32 = 0
    /// Index into ``EpisodeTree``'s observations; -1 before the node is observed.
    var observation: Int32 = -1
    var reward: Double = 0
    var success: Bool?
    var terminal = false
    var debated = false
    var excluded = false
    var abandoned = false
    var committed = false
    var reflectionsUsed: Int32 = 0
    var interventions: Int32 = 0
    var errors: Int32 = 0

    init(parent: NodeID?, depth: Int, prior: Double, sampleCount: Int, createdAtStep: Int) {
        self.parent = Int32(truncatingIfNeeded: parent?.rawValue ?? -1)
        self.depth = Int32(truncatingIfNeeded: depth)
        self.prior = prior
        self.sampleCount = Int32(truncatingIfNeeded: sampleCount)
        self.createdAtStep = Int32(truncatingIfNeeded: createdAtStep)
    }
}
