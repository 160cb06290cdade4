/// A person's mark on a run, an episode, a node or a whole trajectory (root → node): a label, a note, tags, who and
/// when. Annotations live beside the log, never in it; an edit is a new annotation that ``supersedes`` the old one,
/// so history is kept and the current version is the one nobody supersedes.
public struct Annotation: Sendable, Codable, Equatable, Identifiable {
    /// The labels every tool understands; any other text is a user-defined tag used as a label.
    public static let knownLabels = ["good", "bad", "unsure"]

    public var id: Int64
    public var run: RunID
    /// Nil for a mark on the whole run.
    public var episode: Int?
    /// Nil for a mark on a whole run or episode.
    public var node: NodeID?
    /// For a trajectory: the node ids from the root to ``node``.
    public var path: [NodeID]?
    public var label: String?
    public var note: String?
    public var tags: [String]
    public var author: String
    /// Seconds since 1970.
    public var createdAt: Double
    /// The annotation this one edits.
    public var supersedes: Int64?

    public init(
        id: Int64, run: RunID, episode: Int?, node: NodeID?, path: [NodeID]? = nil, label: String? = nil,
        note: String? = nil, tags: [String] = [], author: String, createdAt: Double, supersedes: Int64? = nil
    ) {
        self.id = id
        self.run = run
        self.episode = episode
        self.node = node
        self.path = path
        self.label = label
        self.note = note
        self.tags = tags
        self.author = author
        self.createdAt = createdAt
        self.supersedes = supersedes
    }

    /// Whether it marks `node` of `episode`: on the node itself, or on a trajectory that ends there.
    public func marks(episode: Int, node: NodeID) -> Bool {
        self.episode == episode && (self.node == node || path?.last == node)
    }
}
