import ArborCore
import Foundation

/// One chat, as OpenAI's fine-tuning format takes it: `{"messages": [{"role": …, "content": …}, …]}`.
public struct Conversation: Sendable, Codable, Equatable {
    public var messages: [ChatMessage]

    public init(messages: [ChatMessage] = []) { self.messages = messages }

    /// Adds a turn, with the images shown with it; a turn by the same speaker as the last one joins it, so roles
    /// alternate.
    mutating func say(_ role: ChatMessage.Role, _ content: String, images: [String] = []) {
        if let last = messages.last, last.role == role, role != .system {
            messages[messages.count - 1].content = last.content + "\n\n" + content
            messages[messages.count - 1].images += images
        } else {
            messages.append(ChatMessage(role: role, content: content, images: images))
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
    ///
    /// The user turn carries the images shown with the step's observation, as `images` links them.
    public static func sft(
        _ recording: RunRecording, _ tree: EpisodeTree, images: ImageLinks = ImageLinks(.none, folder: "")
    ) -> [Conversation] {
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
            let shown = images.urls(recording, tree, from)
            if let prompt = prompts[from] {
                chat.say(.user, prompt, images: shown)
            } else {
                let done = tree.path(to: from).dropFirst().map { tree[$0].action }
                chat.say(
                    .user,
                    "Task: \(tree.task)\n\nPrevious actions:\n"
                        + (done.isEmpty ? "(none)" : done.joined(separator: "\n"))
                        + "\n\nObservation:\n\(recording.observation(tree, from))\n\n"
                        + "Reply with your reasoning, then one line: In summary, the next action I will perform is "
                        + "```<action>```",
                    images: shown)
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
    /// Images shown with the text (data URLs or relative paths). With any, `content` is written as OpenAI's content
    /// parts: the text, then one `image_url` part per image.
    public var images: [String]

    public init(role: Role, content: String, images: [String] = []) {
        self.role = role
        self.content = content
        self.images = images
    }

    private enum CodingKeys: String, CodingKey { case role, content }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decode(Role.self, forKey: .role)
        let (text, parts) = try ContentPart.decode(c, forKey: .content)
        (content, images) = (text, parts.map(\.url))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try ContentPart.encode(
            text: content, images: images.map { ContentPart.ImageURL(url: $0) }, to: &c, forKey: .content)
    }
}
