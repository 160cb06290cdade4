import ArborCore

/// Why an annotation could not be written. Each message says what happened and what to do.
public enum AnnotationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The store could not be read or written, or the run is not in it.
    case store(StoreError)
    /// The run has no such episode.
    case unknownEpisode(run: RunID, episode: Int)
    /// The episode's tree has no such node (ids run from 0 to `nodes - 1`).
    case unknownNode(run: RunID, episode: Int, node: NodeID, nodes: Int)
    /// A node or trajectory was named without the episode it belongs to.
    case nodeWithoutEpisode
    /// A trajectory must run from the root to the annotated node.
    case badPath([NodeID])
    /// Neither a label, a note nor a tag was given.
    case nothingToSay
    /// The annotation to edit does not exist.
    case unknownAnnotation(Int64)
    /// The annotation to edit has already been edited; edits apply to the current version.
    case alreadyEdited(Int64, by: Int64)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .unknownEpisode(let run, let episode):
            "run \(run) has no episode \(episode + 1) (episodes count from 1). `arbor runs` and `arbor events` show what it holds."
        case .unknownNode(let run, let episode, let node, let nodes):
            "episode \(episode + 1) of run \(run) has no node \(node.rawValue) (its nodes are 0 to \(nodes - 1))."
        case .nodeWithoutEpisode: "a node belongs to an episode: give --episode too."
        case .badPath(let path):
            "the trajectory \(path.map { String($0.rawValue) }.joined(separator: "→")) does not run from the root (0) "
                + "to the annotated node."
        case .nothingToSay: "an annotation needs a label, a note or a tag."
        case .unknownAnnotation(let id): "there is no annotation \(id). `arbor annotations` lists them."
        case .alreadyEdited(let id, let newer):
            "annotation \(id) was already edited by annotation \(newer); edit \(newer), the current version."
        }
    }
}
