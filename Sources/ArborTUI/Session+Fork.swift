import ArborCore
import TerminalKit

/// A person's request, made in a replay, to start a new live run from a node: what `arbor fork` needs. The command
/// that opened the replay says how to carry it out (`arbor fork …`); the front end gives that program the terminal,
/// and comes back to the replay when it ends.
public struct ForkRequest: Sendable, Equatable {
    public var run: RunID
    public var episode: Int
    public var node: NodeID
    /// `arbor run` flags to change, as the person left them on the prompt line (split at spaces).
    public var settings: [String]

    public init(run: RunID, episode: Int, node: NodeID, settings: [String]) {
        self.run = run
        self.episode = episode
        self.node = node
        self.settings = settings
    }

    /// The arguments of `arbor fork` after the database.
    public var arguments: [String] {
        ["--run", String(run), "--episode", String(episode + 1), "--node", "#\(node.rawValue)"] + settings
    }
}

extension Session {
    /// `F` in a replay: opens the command line prefilled with `fork #NODE` and the run's settings as flags, for the
    /// person to change (or not) before Enter; Esc cancels.
    mutating func beginFork() {
        guard page == .tree, let tree else {
            notice = "open an episode's tree and choose a node to fork from"
            return
        }
        if let refusal = forkRefusal(cursor, in: tree) {
            notice = refusal
            return
        }
        let settings = model?.state.started.map { forkSettings?($0) ?? "" } ?? ""
        prompt = .command("fork #\(cursor.rawValue)" + (settings.isEmpty ? "" : " " + settings))
    }

    /// `:fork [NODE] [FLAGS…]`: asks for a ``ForkRequest`` for NODE (default: the cursor's).
    mutating func fork(_ words: ArraySlice<String>) {
        guard timeline != nil, let model, let episode, let tree else {
            notice = "only a replay forks (arbor replay DB, then F on a node)"
            return
        }
        var settings = Array(words)
        var node = cursor
        if let first = settings.first, !first.hasPrefix("-") {
            let digits = first.hasPrefix("#") || first.hasPrefix("n") ? first.dropFirst() : Substring(first)
            guard let id = Int(digits), tree.contains(NodeID(id)) else {
                notice = "no node \(first) in this episode"
                return
            }
            node = NodeID(id)
            settings.removeFirst()
        }
        if let refusal = forkRefusal(node, in: tree) {
            notice = refusal
            return
        }
        effects.append(.fork(ForkRequest(run: model.run, episode: episode, node: node, settings: settings)))
    }

    /// The fork ran (or could not start) and the replay is back where it was: says how it went, and lists its run.
    public mutating func forkEnded(_ outcome: Result<ForegroundProgram.Outcome, TerminalError>, command: [String]) {
        refreshRuns()
        let typed = (["arbor"] + command.dropFirst()).joined(separator: " ")
        switch outcome {
        case .failure(let error):
            notice = "\(error); run it by hand: \(typed)"
        case .success(let ended):
            // Everything the fork said on stderr is kept in :messages; the status bar shows its last line.
            let said = ended.errorOutput.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.allSatisfy(\.isWhitespace) }
            for line in said.dropLast() { notice = "fork: " + line }
            let run = runs.first { $0.parent?.run == model?.run }.map { " as run \($0.id)" } ?? ""
            notice =
                ended.status == 0
                ? "the fork ran\(run); back in the replay (Esc twice lists the runs)"
                : "the fork ended with status \(ended.status)"
                    + (said.last.map { ": \($0)" } ?? "") + "; back in the replay"
        }
    }

    private func forkRefusal(_ node: NodeID, in tree: EpisodeTree) -> String? {
        tree[node].terminal
            ? "\(node) is terminal: a fork from it would have nothing to search; choose a node above it"
            : nil
    }
}
