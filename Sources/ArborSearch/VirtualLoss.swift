import ArborCore

/// The paths of a wave's simulations in flight (and of the selections that collided with them), counted per node, and
/// the statistics selection sees with them: each path counts as one more visit valued at the scale's failure value on
/// every node of it (the virtual loss of parallel MCTS), so the next selection spreads to other branches. The counts
/// never reach the tree's own statistics: a simulation's real visit and value are backed up when it finishes, and its
/// virtual loss is taken off then, or when it fails.
struct VirtualLoss {
    private var counts = NodeIndexed(absent: 0)
    /// The value an in-flight visit counts as.
    let loss: Double
    /// Paths that carry a virtual loss: the simulations in flight, and the selections that collided with one.
    private(set) var paths = 0

    init(loss: Double) { self.loss = loss }

    /// Whether no path carries a virtual loss.
    var isEmpty: Bool { paths == 0 }

    /// Paths with a virtual loss through `node`.
    subscript(node: NodeID) -> Int { counts[node] }

    /// Puts a simulation's virtual loss on every node of `path`.
    mutating func add(_ path: [NodeID]) {
        for node in path { counts[node] += 1 }
        paths += 1
    }

    /// Takes a simulation's virtual loss off every node of `path` again.
    mutating func remove(_ path: [NodeID]) {
        for node in path {
            precondition(counts[node] > 0, "virtual loss removed from \(node) more often than it was added")
            counts[node] -= 1
        }
        paths -= 1
    }

    /// `stats` as selection sees them with the virtual losses on `node`.
    func adjusted(_ stats: VisitStatistics, at node: NodeID) -> VisitStatistics {
        let pending = counts[node]
        guard pending > 0 else { return stats }
        let visits = stats.visits + pending
        let total = stats.q * Double(stats.visits) + loss * Double(pending)
        return VisitStatistics(visits: visits, q: total / Double(visits))
    }
}
