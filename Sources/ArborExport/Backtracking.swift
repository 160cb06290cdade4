import ArborCore

/// How an exploratory trace goes back one level of the tree with actions the environment can take.
///
/// MiniWeb is a browser: a step that opened another page (its `URL:` line changed) is undone by `go_back`, a scroll by
/// the opposite scroll. MiniWeb has no `goto URL` (ExACT's way back over several steps), so each level is its own
/// action. A change a page cannot take back (a sent message, an item put in the cart) stays, as it would in a
/// browser and in ExACT's traces: nothing is written for it. Other environments have no way back in their grammar;
/// their traces write `backtrack`, which a harness must carry out by restoring the state (Arbor's engine restores a
/// snapshot or resets and replays).
struct Backtracking {
    enum Move: Equatable {
        /// Write this action.
        case action(String)
        /// Take the turn that reached the node out of the trace (an explored answer).
        case drop
        /// Nothing to write: the state is its parent's already, or no action can undo the step.
        case none
    }

    let browser: Bool

    init(environment: String) {
        browser = environment == "miniweb" || environment.hasPrefix("miniweb:")
    }

    /// The move from `node` back to its parent.
    func move(back node: NodeID, in tree: EpisodeTree, _ recording: RunRecording) -> Move {
        let action = tree[node].action
        if action.hasPrefix("stop") { return .drop }
        let observation = recording.observation(tree, node)
        // A refused action left the environment where it was.
        if observation.hasPrefix("(refused)") { return .none }
        guard browser else { return .action("backtrack") }
        if action == "scroll down" { return .action("scroll up") }
        if action == "scroll up" { return .action("scroll down") }
        let parent = tree[node].parent ?? .root
        return Self.url(observation) != Self.url(recording.observation(tree, parent)) ? .action("go_back") : .none
    }

    /// The page's address, from its `URL:` line.
    static func url(_ observation: String) -> String? {
        observation.split(separator: "\n").first { $0.hasPrefix("URL: ") }.map(String.init)
    }
}
