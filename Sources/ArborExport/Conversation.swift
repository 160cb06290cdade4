import ArborCore
import Foundation

/// One chat, as OpenAI's fine-tuning format takes it: `{"messages": [{"role": …, "content": …}, …]}`.
public struct Conversation: Sendable, Codable, Equatable {
    public var messages: [ChatMessage]

    public init(messages: [ChatMessage] = []) { self.messages = messages }

    /// Adds a turn; a turn by the same speaker as the last one joins it, so roles alternate.
    mutating func say(_ role: ChatMessage.Role, _ content: String) {
        if let last = messages.last, last.role == role, role != .system {
            messages[messages.count - 1].content = last.content + "\n\n" + content
        } else {
            messages.append(ChatMessage(role: role, content: content))
        }
    }

    /// A fine-tuning example ends with what the model should say: anything the user says after is dropped.
    mutating func endWithAssistant() {
        while let last = messages.last, last.role != .assistant { messages.removeLast() }
    }

    static func opening(_ recording: RunRecording, _ tree: EpisodeTree, system: String) -> Conversation {
        var chat = Conversation()
        chat.say(.system, system)
        chat.say(.user, "Task: \(tree.task)\n\nObservation:\n\(recording.observation(tree, .root))")
        return chat
    }

    /// Imitation learning: each real step of the committed trajectory as the policy was asked it and should answer,
    /// one chat per step. The question is the policy's own prompt at the step's node, as the log recorded it; the
    /// answer is the proposal's reasoning and the action, in the closing line the prompt asks for. A step whose prompt
    /// the log does not hold (a fork's replayed prefix, a log without model calls) is asked in a plain form: the task,
    /// the actions so far and the observation.
    public static func sft(_ recording: RunRecording, _ tree: EpisodeTree) -> [Conversation] {
        var prompts: [NodeID: String] = [:]
        for event in recording.events(episode: tree.episode) {
            if case .modelCall(let e) = event, e.role == .policy, let node = e.node, prompts[node] == nil,
                let prompt = e.prompt
            {
                prompts[node] = recording.text(prompt)
            }
        }
        let path = tree.committedPath
        return zip(path, path.dropFirst()).map { from, to in
            var answer = ""
            if let rationale = tree[to].rationale.map(recording.text), !rationale.isEmpty {
                answer = rationale + "\n\n"
            }
            answer += summary(tree[to].action)
            var chat = Conversation()
            if let prompt = prompts[from] {
                chat.say(.user, prompt)
            } else {
                let done = tree.path(to: from).dropFirst().map { tree[$0].action }
                chat.say(
                    .user,
                    "Task: \(tree.task)\n\nPrevious actions:\n"
                        + (done.isEmpty ? "(none)" : done.joined(separator: "\n"))
                        + "\n\nObservation:\n\(recording.observation(tree, from))\n\n"
                        + "Reply with your reasoning, then one line: In summary, the next action I will perform is "
                        + "```<action>```")
            }
            chat.say(.assistant, answer)
            return chat
        }
    }
}

/// One turn of a chat.
public struct ChatMessage: Sendable, Codable, Equatable {
    public enum Role: String, Sendable, Codable {
        case system, user, assistant
    }
    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}
