import ArborCore
import Foundation

/// The paper's exploratory learning, as ExACT's `tree_to_data.py` writes it: each episode's search replayed in the
/// order the search went (``SearchWalk``), backtracking written as actions the environment can take, and every
/// action turn after the first opening with the judge's reasoning about the state the agent is in and its value.
extension Conversation {
    static let exploratorySystem = """
        You are an agent that explores before it commits. At each state, say what you make of it and how promising \
        it is, as a value from 0 (the task cannot be completed from here) to 1 (the task is complete); then either \
        take an action forward or, when the state is not promising, take the action that goes back and try another. \
        End every turn with one line: In summary, the next action I will perform is ```<action>```
        """

    public static func exploratory(_ recording: RunRecording, _ tree: EpisodeTree) -> Conversation {
        var chat = opening(recording, tree, system: exploratorySystem)
        var turns: [ExploratoryTurn] = []
        let undo = Backtracking(environment: recording.state.started?.environment ?? "")
        var position = NodeID.root
        let judgement = Judgement(recording, tree)
        for legs in SearchWalk(recording, tree).steps {
            for leg in legs {
                guard let leaf = leg.last else { continue }
                let there = tree.path(to: leaf)
                let shared = zip(tree.path(to: position), there).prefix { $0 == $1 }.count
                while tree[position].depth + 1 > shared, let parent = tree[position].parent {
                    switch undo.move(back: position, in: tree, recording) {
                    case .drop:
                        // An explored answer is taken out of the trace (ExACT pops it): it changed nothing to undo.
                        if turns.last?.reached == position { turns.removeLast() }
                    case .none:
                        break
                    case .action(let action):
                        turns.append(
                            ExploratoryTurn(
                                said: judgement.opening(at: position)
                                    + "We should take a step back and explore some other options.\n\n"
                                    + Self.summary(action),
                                reached: parent))
                    }
                    position = parent
                }
                for node in there.dropFirst(shared) {
                    var said = judgement.opening(at: position)
                    if let rationale = tree[node].rationale.map(recording.text), !rationale.isEmpty {
                        said += rationale + "\n\n"
                    }
                    turns.append(ExploratoryTurn(said: said + Self.summary(tree[node].action), reached: node))
                    position = node
                }
            }
        }
        for turn in turns {
            chat.say(.assistant, turn.said)
            chat.say(.user, "Observation:\n\(recording.observation(tree, turn.reached))")
        }
        chat.endWithAssistant()
        return chat
    }

    /// The policy's closing line, in the format its prompt asks for.
    static func summary(_ action: String) -> String {
        "In summary, the next action I will perform is ```\(action)```"
    }
}

/// One assistant turn of an exploratory trace and the node whose observation answers it.
struct ExploratoryTurn {
    var said: String
    var reached: NodeID
}

/// What the judge made of each state: the reasoning a turn opens with.
struct Judgement {
    private var reasoning: [NodeID: String] = [:]
    private let tree: EpisodeTree

    /// A debated node's reasoning is the judge sample that voted as most of the judges did (the first of them);
    /// a node valued by one value agent, the first judgement of its first value call.
    init(_ recording: RunRecording, _ tree: EpisodeTree) {
        self.tree = tree
        for event in recording.events(episode: tree.episode) {
            switch event {
            case .debate(let e) where reasoning[e.node] == nil:
                let judges = e.turns.filter { $0.role == .judge && $0.vote != nil }
                var counts: [String: Int] = [:]
                for turn in judges { counts[turn.vote!, default: 0] += 1 }
                let top = counts.values.max() ?? 0
                if let chosen = judges.first(where: { counts[$0.vote!] == top }) {
                    reasoning[e.node] = recording.text(chosen.text)
                }
            case .modelCall(let e) where e.role == .value:
                if let node = e.node, reasoning[node] == nil, let completion = e.completion {
                    reasoning[node] = Self.firstSample(recording.text(completion))
                }
            default:
                break
            }
        }
    }

    /// "Let's see what we have got." with the judge's reasoning and the state's value, as ExACT opens a turn; empty
    /// at a state nobody valued (the root).
    func opening(at node: NodeID) -> String {
        guard let value = tree[node].value else { return "" }
        var text = "Let's see what we have got."
        if let said = reasoning[node]?.trimmingCharacters(in: .whitespacesAndNewlines), !said.isEmpty {
            text += " " + said
        }
        return text + "\nValue: " + String(format: "%.2f", value) + "\n\n"
    }

    /// A transcript of several samples ("--- sample 1 ---" …) gives its first.
    static func firstSample(_ transcript: String) -> String {
        guard transcript.hasPrefix("--- sample 1 ---\n") else { return transcript }
        let body = transcript.dropFirst("--- sample 1 ---\n".count)
        return String(body.components(separatedBy: "\n--- sample 2 ---")[0])
    }
}
