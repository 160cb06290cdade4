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

    /// The committed trajectory as turns: each observation from the user, each action from the assistant.
    public static func sft(_ recording: RunRecording, _ tree: EpisodeTree) -> Conversation {
        let environment = recording.state.started?.environment ?? "the"
        var chat = opening(
            recording, tree,
            system: "You are an agent acting in the \(environment) environment. Given the task and what you observe, "
                + "reply with the next action only.")
        for (index, node) in tree.committedPath.dropFirst().enumerated() {
            if index > 0 { chat.say(.user, "Observation:\n\(recording.observation(tree, tree[node].parent ?? .root))") }
            chat.say(.assistant, tree[node].action)
        }
        chat.endWithAssistant()
        return chat
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
