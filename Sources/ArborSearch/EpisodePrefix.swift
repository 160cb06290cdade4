/// The actions a forked episode takes as real steps before its search starts: the path from the root to the node it
/// was forked from, taken again in a fresh environment so the fork starts from that node's state.
public struct EpisodePrefix: Sendable, Equatable {
    /// Grounded actions, root first.
    public var actions: [String]
    /// Who took them, as the `intervention` events name it; viewers tell replayed steps from searched ones by it.
    public var author: String
    /// Where they came from, e.g. `run 1, episode 0, node n12`; kept with every replayed step.
    public var origin: String

    public init(actions: [String], author: String = "fork", origin: String) {
        self.actions = actions
        self.author = author
        self.origin = origin
    }
}

/// Why a forked episode could not reach the node it was forked from.
public enum PrefixError: Error, Equatable, CustomStringConvertible {
    /// The environment would not take step `index` (from 0) of the prefix.
    case refused(index: Int, action: String, origin: String)
    /// Step `index` of the prefix ended the episode, so there is nothing left to search.
    case ended(index: Int, action: String, count: Int, origin: String)

    public var description: String {
        switch self {
        case .refused(let index, let action, let origin):
            "the fork cannot reach \(origin): the environment refused step \(index + 1) (\(action)), which the "
                + "parent run took; the environment no longer behaves as when the parent was recorded "
                + "(check its seed and version)"
        case .ended(let index, let action, let count, let origin):
            "the fork cannot search from \(origin): step \(index + 1) of \(count) (\(action)) ends the episode; "
                + "fork from a node above it"
        }
    }
}
