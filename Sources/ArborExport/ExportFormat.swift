/// The formats `arbor export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// JSON lines, one committed trajectory per episode: task, steps (observation, action, value), outcome.
    case trajectories
    /// Imitation learning: OpenAI chat fine-tuning JSON lines, one per real step of each successful or good-labelled
    /// trajectory, in the policy's own prompt format.
    case sft
    /// The paper's exploratory learning: each episode's search replayed as one chat, backtracking written as actions
    /// the environment can take, each turn opening with the judge's reasoning.
    case exploratory
    /// JSON lines of sibling actions, the better one chosen and the worse rejected.
    case preferences
    /// A readable report of the run.
    case markdown
    /// The trees for Graphviz.
    case dot

    /// The episodes a format keeps unless told otherwise: the training formats learn only from what went well.
    public var defaultFilter: ExportFilter { self == .sft || self == .exploratory ? .success : .all }

    /// Writes `recording` in this format.
    public func render(_ recording: RunRecording, options: ExportOptions = ExportOptions()) throws -> String {
        let filter = options.filter ?? defaultFilter
        switch self {
        case .trajectories:
            return try JSONLines.encode(
                recording.episodes(filter, only: options.episode).map {
                    Trajectory(recording, $0, images: options.imageLinks)
                })
        case .sft:
            return try JSONLines.encode(
                recording.episodes(filter, only: options.episode).flatMap {
                    Conversation.sft(recording, $0, images: options.imageLinks)
                })
        case .exploratory:
            return try JSONLines.encode(
                recording.episodes(filter, only: options.episode).map { Conversation.exploratory(recording, $0) })
        case .preferences:
            return try JSONLines.encode(PreferencePair.pairs(recording, options: options))
        case .markdown:
            return MarkdownReport(
                recording: recording, episodes: recording.episodes(filter, only: options.episode),
                images: options.imageLinks
            ).text
        case .dot:
            return DotGraph(recording: recording, episodes: recording.episodes(filter, only: options.episode)).text
        }
    }
}

/// Which episodes an export keeps.
public enum ExportFilter: String, Sendable, CaseIterable {
    /// Episodes that succeeded and are not labelled bad, and any labelled good.
    case success
    /// Episodes whose trajectory is labelled good.
    case good
    /// Every episode.
    case all
}

/// What to export beyond the format.
public struct ExportOptions: Sendable, Equatable {
    /// Nil: the format's default (``ExportFormat/defaultFilter``).
    public var filter: ExportFilter?
    /// One episode only.
    public var episode: Int?
    /// Preference pairs by Q: the smallest Q difference between chosen and rejected.
    public var minimumGap: Double
    /// Preference pairs by Q: the fewest visits either sibling must have had.
    public var minimumVisits: Int
    /// How trajectories, sft and markdown carry the observations' images.
    public var images: ImageExport
    /// Where ``ImageExport/files`` puts them, relative to the export.
    public var imageFolder: String

    public init(
        filter: ExportFilter? = nil, episode: Int? = nil, minimumGap: Double = 0.1, minimumVisits: Int = 2,
        images: ImageExport = .inline, imageFolder: String = "images"
    ) {
        self.filter = filter
        self.episode = episode
        self.minimumGap = minimumGap
        self.minimumVisits = minimumVisits
        self.images = images
        self.imageFolder = imageFolder
    }

    var imageLinks: ImageLinks { ImageLinks(images, folder: imageFolder) }
}
