import ArborCore

/// The order an episode's search went through its tree, as ExACT's `tree_to_data.py` replays it: for each real step,
/// the paths its iterations selected (from the committed node to a leaf), consecutive repeats dropped, up to the first
/// that ends at the node the step committed; a step whose committed node no selection ended at (greedy, a fork's
/// replayed prefix) goes straight to it.
struct SearchWalk {
    /// Each step's legs, in order; every leg starts at the node committed before the step.
    var steps: [[[NodeID]]]

    init(_ recording: RunRecording, _ tree: EpisodeTree) {
        var steps: [[[NodeID]]] = []
        var legs: [[NodeID]] = []
        var committed: [NodeID] = []
        var from = NodeID.root
        func close() {
            guard let target = committed.last else { return }
            var kept: [[NodeID]] = []
            for leg in legs where leg.first == from && kept.last != leg {
                kept.append(leg)
                if leg.last == target { break }
            }
            if kept.last?.last != target {
                kept.append(Array(tree.path(to: target).drop { $0 != from }))
            }
            steps.append(kept)
            from = target
            legs = []
            committed = []
        }
        for event in recording.events(episode: tree.episode) {
            switch event {
            case .selected(let e):
                close()
                legs.append(e.path)
            case .actionCommitted(let e):
                committed.append(e.node)
            case .stepStarted:
                close()
            default:
                break
            }
        }
        close()
        self.steps = steps
    }
}
