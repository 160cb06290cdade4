import ArborCore
import Foundation

/// The paper's exploratory learning: the R-MCTS traversal of an episode linearised into one chat. The assistant
/// walks the tree in the order the search evaluated its nodes: it acts (going down to a child), states the value of
/// where it arrived, and backtracks explicitly (one level at a time, up to a common ancestor) before trying another
/// branch; a real step taken is stated as a commitment.
extension Conversation {
    static let exploratorySystem = """
        You are an agent that explores before it commits. At each state, state how promising it is (a value from \
        -1 to 1), then either take an action, or reply "backtrack" to return to the previous state and try \
        another action. When an action is clearly best, commit to it.
        """

    public static func exploratory(_ recording: RunRecording, _ tree: EpisodeTree) -> Conversation {
        var chat = opening(recording, tree, system: exploratorySystem)
        var position = NodeID.root
        func move(to target: NodeID) {
            guard target != position, tree.contains(target) else { return }
            var here = tree.path(to: position)
            let there = tree.path(to: target)
            let shared = zip(here, there).prefix { $0 == $1 }.count
            while here.count > shared {
                here.removeLast()
                chat.say(.assistant, "backtrack")
                chat.say(
                    .user,
                    "Back at the previous state.\nObservation:\n\(recording.observation(tree, here[here.count - 1]))")
            }
            for node in there.dropFirst(shared) {
                chat.say(.assistant, tree[node].action)
                chat.say(.user, "Observation:\n\(recording.observation(tree, node))")
            }
            position = target
        }
        for event in recording.events(episode: tree.episode) {
            switch event {
            case .evaluated(let e):
                move(to: e.node)
                chat.say(.assistant, "Value: " + String(format: "%.2f", e.value))
            case .actionCommitted(let e):
                move(to: tree[e.node].parent ?? .root)
                chat.say(.assistant, "Commit: \(e.action)")
                position = e.node
                chat.say(.user, "Observation:\n\(recording.observation(tree, e.node))")
            default:
                break
            }
        }
        chat.endWithAssistant()
        return chat
    }
}
