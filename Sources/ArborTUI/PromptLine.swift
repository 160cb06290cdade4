import ArborCore
import TerminalKit

/// The line being typed on the status bar — a `:` command, a `/` search or an annotation — and where typing goes in
/// it. It edits as a shell's line editor does; what the typed text means is for whoever opened it.
public struct PromptLine: Equatable, Sendable {
    /// What is being typed, and its text so far.
    public enum Prompt: Equatable, Sendable {
        case command(String)
        case search(String)
        /// `label [note]` for the node under the cursor, or for the trajectory from the root to it.
        case annotate(String, trajectory: Bool)

        public var text: String {
            switch self {
            case .command(let t), .search(let t), .annotate(let t, _): t
            }
        }

        func with(text: String) -> Prompt {
            switch self {
            case .command: .command(text)
            case .search: .search(text)
            case .annotate(_, let trajectory): .annotate(text, trajectory: trajectory)
            }
        }
    }

    /// What a key did to the line.
    public enum Outcome: Equatable, Sendable {
        /// The line is still open (edited, or the key meant nothing to it).
        case editing
        /// Esc, or Backspace on an empty line: nothing is to be done.
        case cancelled
        /// Enter: the prompt as it was typed.
        case entered(Prompt)
    }

    public private(set) var prompt: Prompt
    /// Where typing goes, in characters from the start; nil is the end (where a prompt opens).
    public private(set) var cursor: Int?

    public init(_ prompt: Prompt) {
        self.prompt = prompt
    }

    /// Applies one key.
    public mutating func edit(_ event: InputEvent) -> Outcome {
        var text = prompt.text
        switch event {
        case .key(.escape): return .cancelled
        case .key(.enter): return .entered(prompt)
        default: break
        }
        let at = min(cursor ?? text.count, text.count)
        let index = text.index(text.startIndex, offsetBy: at)
        var moved = at
        switch event {
        case .key(.backspace), .control("h"):
            if text.isEmpty { return .cancelled }
            guard at > 0 else { return .editing }
            text.remove(at: text.index(before: index))
            moved = at - 1
        case .character(let ch):
            text.insert(ch, at: index)
            moved = at + 1
        case .paste(let pasted):
            let clean = TerminalText.sanitize(pasted)
            text.insert(contentsOf: clean, at: index)
            moved = at + clean.count
        // The cursor moves as in a shell's line editor: a character, or to either end.
        case .key(.left), .control("b"):
            cursor = max(0, at - 1)
            return .editing
        case .key(.right), .control("f"):
            cursor = min(text.count, at + 1)
            return .editing
        case .key(.home), .control("a"):
            cursor = 0
            return .editing
        case .key(.end), .control("e"):
            cursor = text.count
            return .editing
        default: return .editing
        }
        prompt = prompt.with(text: text)
        cursor = moved
        return .editing
    }
}
