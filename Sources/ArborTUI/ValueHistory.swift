import ArborCore

/// The Q of each child of the search root after every backup, per real step: what the value chart draws.
public struct ValueHistory: Sendable, Equatable {
    /// One line of the chart: a child of the step's root and its Q after each backup that reached the root.
    public struct Series: Sendable, Equatable {
        public var node: NodeID
        public var action: String
        /// Chunked, so a replay's checkpoints share the points they have in common.
        public var points: ChunkedArray<Double>
    }

    /// Keyed by step; each step's series in creation order.
    public private(set) var steps: [Int: [Series]] = [:]

    public init() {}

    /// Records the root children's Q after a backup during `step` of `tree`.
    mutating func record(step: Int, tree: EpisodeTree, searchRoot: NodeID) {
        let children = tree.children(of: searchRoot)
        guard !children.isEmpty else { return }
        // Taken out of the dictionary, not copied, so the appends below do not copy every point recorded so far.
        var series = steps.removeValue(forKey: step) ?? []
        for child in children where !series.contains(where: { $0.node == child }) {
            series.append(Series(node: child, action: tree[child].action, points: ChunkedArray()))
        }
        for index in series.indices {
            let statistics = tree.statistics(of: series[index].node)
            series[index].points.append(statistics.visits > 0 ? statistics.q : .nan)
        }
        steps[step] = series
    }
}
