import ArborCore

/// Everything an export or a diff reads about one run: its log, the fold of it, the people's annotations and a way
/// to load the large texts the events refer to. Built from a store by the caller, so this layer never touches SQLite.
public struct RunRecording: Sendable {
    public let run: RunID
    public let records: [EventRecord]
    public let state: RunState
    /// Current annotations only: any the list itself shows superseded are dropped.
    public let annotations: [Annotation]
    private let text: @Sendable (BlobRef) -> String?
    private let loadImage: @Sendable (BlobRef) -> EncodedImage?
    private let eventsByEpisode: [Int: [Event]]

    /// Folds `records` (the whole log of run `run`). `text` loads a text blob and `image` an image; each gives nil
    /// when the store does not have it.
    public init(
        run: RunID, records: [EventRecord], annotations: [Annotation] = [],
        image: @escaping @Sendable (BlobRef) -> EncodedImage? = { _ in nil },
        text: @escaping @Sendable (BlobRef) -> String?
    ) throws(FoldError) {
        self.run = run
        self.loadImage = image
        self.records = records
        self.state = try RunState(records)
        let superseded = Set(annotations.compactMap(\.supersedes))
        self.annotations = annotations.filter { $0.run == run && !superseded.contains($0.id) }
        self.text = text
        var byEpisode: [Int: [Event]] = [:]
        for record in records {
            if let episode = record.event.episode { byEpisode[episode, default: []].append(record.event) }
        }
        self.eventsByEpisode = byEpisode
    }

    /// The episode's events in log order.
    public func events(episode: Int) -> [Event] { eventsByEpisode[episode] ?? [] }

    /// The text behind `ref`, or a placeholder that says it is missing.
    public func text(_ ref: BlobRef?) -> String {
        guard let ref else { return "(none)" }
        return text(ref) ?? "(text \(ref) missing from the store)"
    }

    /// The image behind `ref`, or nil when the store does not have it.
    public func image(_ ref: BlobRef) -> EncodedImage? { loadImage(ref) }

    /// The images shown on the committed paths of `episodes`, each once: what an export with
    /// ``ImageExport/files`` refers to.
    public func committedImages(_ episodes: [EpisodeTree]) -> [ObservedImage] {
        var seen: Set<BlobRef> = []
        return episodes.flatMap { tree in tree.committedPath.flatMap { tree.images[$0] ?? [] } }
            .filter { seen.insert($0.image).inserted }
    }

    /// The observation at `node`: what the agent saw there.
    public func observation(_ tree: EpisodeTree, _ node: NodeID) -> String { text(tree[node].observation) }

    /// The newest label on `node` itself or on a trajectory that ends there.
    public func label(episode: Int, node: NodeID) -> String? {
        annotations.last { $0.label != nil && $0.marks(episode: episode, node: node) }?.label
    }

    /// The newest label on the episode's committed trajectory: on its last node, on the episode, or on the run.
    public func trajectoryLabel(_ tree: EpisodeTree) -> String? {
        annotations.last { annotation in
            guard annotation.label != nil else { return false }
            if annotation.episode == nil { return true }
            if annotation.episode == tree.episode, annotation.node == nil { return true }
            return annotation.marks(episode: tree.episode, node: tree.committedNode)
        }?.label
    }

    /// The episodes `filter` keeps (of the one asked for, when `episode` is given), in index order.
    public func episodes(_ filter: ExportFilter, only episode: Int? = nil) -> [EpisodeTree] {
        state.orderedEpisodes.filter { tree in
            if let episode, tree.episode != episode { return false }
            switch filter {
            case .all: return true
            case .good: return trajectoryLabel(tree) == "good"
            case .success:
                let label = trajectoryLabel(tree)
                return label == "good" || (tree.outcome?.success == true && label != "bad")
            }
        }
    }
}
