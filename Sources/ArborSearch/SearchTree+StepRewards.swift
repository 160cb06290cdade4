import ArborCore

extension SearchTree {
    /// What each node on `path` adds to the leaf's value when it is backed up: `weight` times the rewards the
    /// environment reported on reaching the non-terminal nodes from that node down to the leaf, so a node's Q is the
    /// mean of the rewards still to come on its paths plus the leaf's value (an undiscounted return). A terminal's
    /// reward is the episode's outcome, which the verdict at terminals already reads (``TerminalVerdict``), so it is
    /// left out. Nil when nothing is added: a weight of 0 (ExACT, whose search drops the reward `step` returns) or no
    /// reward on the path.
    func stepRewards(along path: [NodeID], weight: Double) -> [Double]? {
        guard weight != 0 else { return nil }
        var rewards = [Double](repeating: 0, count: path.count)
        var below = 0.0
        for index in path.indices.reversed() {
            let node = self[path[index]]
            if !node.terminal { below += weight * node.reward }
            rewards[index] = below
        }
        return rewards.allSatisfy { $0 == 0 } ? nil : rewards
    }
}
