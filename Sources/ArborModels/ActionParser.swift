import Foundation

/// What came of reading one model completion: the action in its canonical form, or why none could be found.
public enum ActionParse: Sendable, Equatable {
    case parsed(String)
    case unparseable(reason: String)

    /// The canonical action, or nil when the text held none.
    public var action: String? {
        if case .parsed(let action) = self { return action }
        return nil
    }

    /// Why no action could be read, or nil when one was.
    public var reason: String? {
        if case .unparseable(let reason) = self { return reason }
        return nil
    }
}

/// Reads a web action out of messy model output: prose, code fences, wrong case, "Action: …" prefixes,
/// several candidates. Independent of any agent, so the offline agent and a remote model's client share it.
///
/// Canonical forms: `click [12]`, `hover [12]`, `type [7] "red bike"`, `select [3] "Newest"`, `press [Enter]`,
/// `scroll down`, `scroll up`, `go_back`, `go_forward`, `new_tab`, `close_tab`, `tab_focus [1]`,
/// `goto [miniweb://…]`, `stop "answer"` and `stop` (finishing without an answer) — MiniWeb's canonical forms.
///
/// Among several candidates the last fenced block that parses wins (models put their final answer last, in a
/// fence); without one, the last line holding a readable action.
public struct ActionParser: Sendable {
    public init() {}

    public func parse(_ text: String) -> ActionParse {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .unparseable(reason: "the output is empty") }

        var firstFailure: String?
        for block in Self.fencedBlocks(in: trimmed).reversed() {
            switch parseLines(block) {
            case .parsed(let action): return .parsed(action)
            case .unparseable(let reason): firstFailure = firstFailure ?? reason
            }
        }
        switch parseLines(trimmed) {
        case .parsed(let action): return .parsed(action)
        case .unparseable(let reason):
            return .unparseable(reason: firstFailure ?? reason)
        }
    }

    /// The last line of `text` that holds an action; within a line, the last verb that reads as one.
    private func parseLines(_ text: String) -> ActionParse {
        var lastFailure: String?
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        for line in lines.reversed() {
            switch parseLine(line) {
            case .parsed(let action): return .parsed(action)
            case .unparseable(let reason): lastFailure = lastFailure ?? reason
            }
        }
        return .unparseable(reason: lastFailure ?? Self.noVerbReason)
    }

    private static let noVerbReason =
        "no action found: expected one of click, type, select, scroll, go_back, stop (e.g. click [12])"

    /// Tries each place in `line` where a verb starts, from the last to the first. A verb without brackets or
    /// quotes after it ("stop", "go back") counts only where the line's action starts, since prose is full of such
    /// words ("…then stop").
    private func parseLine(_ line: String) -> ActionParse {
        let chars = Array(line)
        let lower = chars.map { $0.lowercased().first ?? $0 }
        let actionStart = Self.actionStart(in: lower)
        var failure: String?
        for start in lower.indices.reversed() where lower[start].isLetter {
            if start > 0, lower[start - 1].isLetter || lower[start - 1] == "_" { continue }
            guard let (verb, afterVerb) = Self.verb(at: start, in: lower) else { continue }
            var scanner = ArgumentScanner(String(chars[afterVerb...]))
            switch Self.arguments(of: verb, scanner: &scanner) {
            case .parsed(let action):
                let spelledPlainly =
                    action.contains("[") || action.contains("\"") || action.contains("_") || verb == .scroll
                if spelledPlainly || start == actionStart { return .parsed(action) }
            case .unparseable(let reason): failure = failure ?? reason
            }
        }
        return .unparseable(reason: failure ?? Self.noVerbReason)
    }

    /// Where a line's action would start: after leading punctuation, and after an "Action:" style label.
    private static func actionStart(in lower: [Character]) -> Int {
        var index = lower.firstIndex(where: \.isLetter) ?? lower.count
        for label in ["next action", "final action", "action"] {
            let word = Array(label)
            guard index + word.count <= lower.count, Array(lower[index..<(index + word.count)]) == word else {
                continue
            }
            var after = index + word.count
            while after < lower.count, !lower[after].isLetter { after += 1 }
            index = after
            break
        }
        return index
    }

    // MARK: - Verbs

    private enum Verb: String, CaseIterable {
        case click, hover, type, select, press, scroll, stop, goto
        case goBack = "go_back"
        case goForward = "go_forward"
        case newTab = "new_tab"
        case closeTab = "close_tab"
        case tabFocus = "tab_focus"
    }

    /// The spellings models use, longest first so `go_back` is not read as `go`.
    private static let spellings: [(String, Verb)] = {
        var all: [(String, Verb)] = [
            ("go_back", .goBack), ("go back", .goBack), ("go-back", .goBack), ("goback", .goBack),
            ("go_forward", .goForward), ("go forward", .goForward), ("go-forward", .goForward),
            ("new_tab", .newTab), ("new tab", .newTab), ("close_tab", .closeTab), ("close tab", .closeTab),
            ("tab_focus", .tabFocus), ("tab focus", .tabFocus),
            ("click", .click), ("hover", .hover), ("type", .type), ("select", .select), ("press", .press),
            ("scroll", .scroll), ("stop", .stop), ("goto", .goto),
        ]
        all.sort { $0.0.count > $1.0.count }
        return all
    }()

    /// The verb starting at `start`, and where its arguments begin. A verb must end at a word boundary.
    private static func verb(at start: Int, in lower: [Character]) -> (Verb, Int)? {
        for (spelling, verb) in spellings {
            let word = Array(spelling)
            let end = start + word.count
            guard end <= lower.count, Array(lower[start..<end]) == word else { continue }
            if end < lower.count, lower[end].isLetter || lower[end] == "_" { continue }
            return (verb, end)
        }
        return nil
    }

    // MARK: - Arguments

    private static func arguments(of verb: Verb, scanner: inout ArgumentScanner) -> ActionParse {
        switch verb {
        case .click, .hover:
            guard let id = scanner.elementID() else {
                return .unparseable(reason: "'\(verb.rawValue)' needs an element id, like \(verb.rawValue) [12]")
            }
            return .parsed("\(verb.rawValue) [\(id)]")
        case .type, .select:
            guard let id = scanner.elementID() else {
                return .unparseable(
                    reason: "'\(verb.rawValue)' needs an element id, like \(verb.rawValue) [7] \"text\"")
            }
            guard let text = scanner.text(), !text.isEmpty else {
                return .unparseable(reason: "'\(verb.rawValue) [\(id)]' needs its text in quotes, like \"red bike\"")
            }
            return .parsed("\(verb.rawValue) [\(id)] \(quoted(text))")
        case .press:
            guard let key = scanner.text(), !key.isEmpty else {
                return .unparseable(reason: "'press' needs a key, like press [Enter]")
            }
            return .parsed("press [\(key)]")
        case .goto:
            guard let url = scanner.text(), !url.isEmpty else {
                return .unparseable(reason: "'goto' needs a URL, like goto [miniweb://shop]")
            }
            return .parsed("goto [\(url)]")
        case .tabFocus:
            guard let index = scanner.elementID() else {
                return .unparseable(reason: "'tab_focus' needs a tab index, like tab_focus [1]")
            }
            return .parsed("tab_focus [\(index)]")
        case .scroll:
            guard let direction = scanner.direction() else {
                return .unparseable(reason: "'scroll' needs a direction: scroll down or scroll up")
            }
            return .parsed("scroll \(direction)")
        case .stop:
            guard let answer = scanner.text() else { return .parsed("stop") }
            return .parsed(answer.isEmpty ? "stop" : "stop \(quoted(answer))")
        case .goBack, .goForward, .newTab, .closeTab:
            return .parsed(verb.rawValue)
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "'") + "\""
    }

    /// Finds fenced code blocks (```…```, with or without a language tag) and returns their contents in order.
    static func fencedBlocks(in text: String) -> [String] {
        let pieces = text.components(separatedBy: "```")
        guard pieces.count >= 3 else { return [] }
        var blocks: [String] = []
        var index = 1
        while index < pieces.count - 1 {
            var body = pieces[index]
            // A language tag sits alone on the fence's first line ("```text\nclick [1]"); a one-line fence
            // ("```click [1]```") has no tag.
            if let newline = body.firstIndex(where: \.isNewline) {
                let head = body[..<newline].trimmingCharacters(in: .whitespaces)
                if !head.isEmpty, head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
                    verb(at: 0, in: Array(head.lowercased())) == nil
                {
                    body = String(body[body.index(after: newline)...])
                }
            }
            blocks.append(body)
            index += 2
        }
        return blocks
    }
}

/// Reads the arguments after a verb: an element id, a quoted or bracketed text, a scroll direction.
private struct ArgumentScanner {
    private let chars: [Character]
    private var position = 0

    init(_ text: String) { chars = Array(text) }

    private mutating func skipSpace() {
        while position < chars.count, chars[position] == " " || chars[position] == "\t" || chars[position] == ":" {
            position += 1
        }
    }

    /// `[12]`, `[ 12 ]`, `[id=12]`, `(12)`, `#12` or a bare `12`.
    mutating func elementID() -> Int? {
        skipSpace()
        let saved = position
        var closing: Character?
        if position < chars.count, let close = Self.closers[chars[position]] {
            closing = close
            position += 1
        } else if position < chars.count, chars[position] == "#" {
            position += 1
        }
        skipSpace()
        if position + 3 <= chars.count, String(chars[position..<position + 3]).lowercased() == "id=" {
            position += 3
        }
        var digits = ""
        while position < chars.count, chars[position].isASCII, chars[position].isNumber {
            digits.append(chars[position])
            position += 1
        }
        skipSpace()
        if let closing {
            guard position < chars.count, chars[position] == closing else {
                position = saved
                return nil
            }
            position += 1
        }
        guard let id = Int(digits), digits.count <= 9 else {
            position = saved
            return nil
        }
        return id
    }

    private static let closers: [Character: Character] = ["[": "]", "(": ")"]
    private static let quotes: [Character: Character] = [
        "\"": "\"", "'": "'", "\u{201C}": "\u{201D}", "\u{2018}": "\u{2019}", "`": "`",
    ]

    /// A quoted or bracketed text: `"red bike"`, `'red bike'`, `[red bike]`, `["red bike"]`. Nil when none.
    mutating func text() -> String? {
        skipSpace()
        guard position < chars.count else { return nil }
        if chars[position] == "[" {
            guard let close = chars[(position + 1)...].lastIndex(of: "]") else { return nil }
            let inner = String(chars[(position + 1)..<close]).trimmingCharacters(in: .whitespaces)
            position = close + 1
            return Self.unquote(Self.droppingSubmitFlag(inner))
        }
        if let close = Self.quotes[chars[position]] {
            guard let end = chars[(position + 1)...].lastIndex(of: close) else { return nil }
            let inner = String(chars[(position + 1)..<end])
            position = end + 1
            return inner
        }
        return nil
    }

    /// `type [3] [red bike] [press_enter_after=1]` (the VisualWebArena form) puts a flag in its own bracket.
    private static func droppingSubmitFlag(_ inner: String) -> String {
        guard let range = inner.range(of: "] [press_enter_after") else { return inner }
        return String(inner[..<range.lowerBound])
    }

    private static func unquote(_ text: String) -> String {
        guard let first = text.first, let close = quotes[first], text.count >= 2, text.last == close else {
            return text
        }
        return String(text.dropFirst().dropLast())
    }

    /// `down`, `up`, `[down]`, `[direction=down]`.
    mutating func direction() -> String? {
        skipSpace()
        let rest = String(chars[position...]).lowercased()
        let word = rest.drop { $0 == "[" || $0 == " " }
        let body = word.hasPrefix("direction=") ? word.dropFirst("direction=".count) : word
        if body.hasPrefix("down") { return "down" }
        if body.hasPrefix("up") { return "up" }
        return nil
    }
}
