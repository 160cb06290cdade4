import ArborCore

/// Two sibling actions from the same state, the better chosen and the worse rejected: for preference optimisation.
/// A pair comes from people's labels (a `good` sibling over a `bad` one) or from the search (the sibling with the
/// highest Q over each that trails it by at least the minimum gap, both visited at least the minimum times).
public struct PreferencePair: Sendable, Codable, Equatable {
    /// Where a pair's verdict comes from.
    public enum Source: String, Sendable, Codable {
        case label, q
    }

    public var run: RunID
    public var episode: Int
    public var taskID: String
    /// The state both actions were taken from.
    public var parent: Int
    /// The task, the actions taken so far and the observation at the parent.
    public var prompt: String
    public var chosen: String
    public var rejected: String
    public var chosenNode: Int
    public var rejectedNode: Int
    public var chosenQ: Double
    public var rejectedQ: Double
    public var chosenVisits: Int
    public var rejectedVisits: Int
    public var source: Source

    /// Every pair of the run's episodes. Filter `good` keeps label pairs only; `success` keeps the pairs of
    /// successful episodes; `all` (the default) keeps every pair.
    public static func pairs(_ recording: RunRecording, options: ExportOptions) -> [PreferencePair] {
        let filter = options.filter ?? .all
        var pairs: [PreferencePair] = []
        for tree in recording.episodes(.all, only: options.episode) {
            if filter == .success, tree.outcome?.success != true { continue }
            for parent in tree.nodes where parent.children.count >= 2 {
                pairs += siblingPairs(recording, tree, parent, options: options, labelsOnly: filter == .good)
            }
        }
        return pairs
    }

    private static func siblingPairs(
        _ recording: RunRecording, _ tree: EpisodeTree, _ parent: Node, options: ExportOptions, labelsOnly: Bool
    ) -> [PreferencePair] {
        let children = parent.children.map { tree[$0] }
        let labels = Dictionary(
            uniqueKeysWithValues: children.map { ($0.id, recording.label(episode: tree.episode, node: $0.id)) })
        var found: [(chosen: Node, rejected: Node, source: Source)] = []
        for good in children where labels[good.id] == "good" {
            for bad in children where labels[bad.id] == "bad" { found.append((good, bad, .label)) }
        }
        if !labelsOnly {
            let eligible = children.filter { $0.visits >= options.minimumVisits }
            // Ties by visits, then by id, so the same tree always gives the same pairs.
            let best = eligible.filter { labels[$0.id] != "bad" }.max { a, b in
                (a.q, a.visits, -a.id.rawValue) < (b.q, b.visits, -b.id.rawValue)
            }
            if let best {
                for other in eligible where other.id != best.id && labels[other.id] != "good" {
                    guard best.q - other.q >= options.minimumGap else { continue }
                    guard !found.contains(where: { $0.chosen.id == best.id && $0.rejected.id == other.id }) else {
                        continue
                    }
                    found.append((best, other, .q))
                }
            }
        }
        guard !found.isEmpty else { return [] }
        let prompt = prompt(recording, tree, parent.id)
        return found.map { pair in
            PreferencePair(
                run: recording.run, episode: tree.episode, taskID: tree.taskID, parent: parent.id.rawValue,
                prompt: prompt, chosen: pair.chosen.action, rejected: pair.rejected.action,
                chosenNode: pair.chosen.id.rawValue, rejectedNode: pair.rejected.id.rawValue, chosenQ: pair.chosen.q,
                rejectedQ: pair.rejected.q, chosenVisits: pair.chosen.visits, rejectedVisits: pair.rejected.visits,
                source: pair.source)
        }
    }

    static func prompt(_ recording: RunRecording, _ tree: EpisodeTree, _ node: NodeID) -> String {
        let actions = tree.path(to: node).dropFirst().map { "- " + tree[$0].action }
        return "Task: \(tree.task)\n\nPrevious actions:\n"
            + (actions.isEmpty ? "(none)" : actions.joined(separator: "\n"))
            + "\n\nObservation:\n\(recording.observation(tree, node))\n\nNext action:"
    }
}
