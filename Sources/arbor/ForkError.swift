import ArborCore

/// Why `arbor fork` could not start a fork. Each says what was asked and what to do instead; nothing is recorded.
enum ForkError: Error, CustomStringConvertible {
    case noEpisode(run: RunID, episode: Int, has: [Int])
    case noNode(run: RunID, episode: Int, node: String, count: Int)
    case badNode(String)
    case terminal(run: RunID, episode: Int, node: NodeID, action: String)
    case unreadable(run: RunID, reason: String)
    case environment(run: RunID, environment: String, reason: String)
    case settings(reason: String)
    case unwritable(path: String, reason: String)

    var description: String {
        switch self {
        case .noEpisode(let run, let episode, let has):
            "run \(run) has no episode \(EpisodeNumber.shown(episode))"
                + (has.isEmpty
                    ? " (it has none)"
                    : " (episodes count from 1; it has \(has.map { String(EpisodeNumber.shown($0)) }.joined(separator: ", ")))")
                + "; `arbor replay DB --run \(run)` shows them"
        case .noNode(let run, let episode, let node, let count):
            "episode \(EpisodeNumber.shown(episode)) of run \(run) has no node \(node) (its nodes are #0–#\(count - 1)); "
                + "`arbor replay` shows them"
        case .badNode(let text):
            "--node takes a node id such as 12, n12 or #12, not '\(text)'"
        case .terminal(let run, let episode, let node, let action):
            "node #\(node.rawValue) of run \(run), episode \(EpisodeNumber.shown(episode)) is terminal (its action '\(action)' ended the "
                + "episode there), so a fork would have nothing to search; fork from a node above it"
        case .unreadable(let run, let reason):
            "run \(run) cannot be read: \(reason)"
        case .environment(let run, let environment, let reason):
            "run \(run) searched the environment '\(environment)', which cannot be rebuilt here: \(reason). "
                + "Make it available (install it, or name it in arbor.toml) and fork again"
        case .settings(let reason):
            "the fork's settings are not valid: \(reason)"
        case .unwritable(let path, let reason):
            "cannot record the fork in \(path): \(reason). Record it in another file with --db OUT"
        }
    }
}
