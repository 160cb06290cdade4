/// Why an event cannot be applied to a fold: the log is out of order or names something that does not exist.
public enum FoldError: Error, Equatable, CustomStringConvertible {
    case outOfOrder(seq: Int64, after: Int64)
    case unknownEpisode(seq: Int64, episode: Int)
    case duplicateEpisode(seq: Int64, episode: Int)
    case unknownNode(seq: Int64, episode: Int, node: NodeID)
    /// An expansion named a child id other than the next free one.
    case unexpectedChild(seq: Int64, episode: Int, node: NodeID, expected: NodeID)
    /// A selection, backup or commit named nodes that do not form a parent-to-child chain.
    case brokenPath(seq: Int64, episode: Int, path: [NodeID])
    case beforeRunStarted(seq: Int64, kind: EventKind)

    public var description: String {
        switch self {
        case .outOfOrder(let seq, let after): "event \(seq) comes after event \(after): the log is out of order"
        case .unknownEpisode(let seq, let e): "event \(seq) names episode \(e), which has not started"
        case .duplicateEpisode(let seq, let e): "event \(seq) starts episode \(e) a second time"
        case .unknownNode(let seq, let e, let n): "event \(seq) names node \(n) of episode \(e), which does not exist"
        case .unexpectedChild(let seq, let e, let n, let expected):
            "event \(seq) creates node \(n) in episode \(e), but the next node id is \(expected)"
        case .brokenPath(let seq, let e, let path):
            "event \(seq) names path \(path.map(\.description).joined(separator: "→")) in episode \(e), "
                + "which is not a chain of parent and child"
        case .beforeRunStarted(let seq, let kind): "event \(seq) (\(kind.rawValue)) comes before runStarted"
        }
    }
}
