/// An action in MiniWeb's grammar, parsed from text that may be messy (`Click [12]`, `type [7] 'red bike'`).
enum WebAction: Equatable, Sendable {
    case click(Int)
    case type(Int, String)
    case select(Int, String)
    case scrollDown
    case scrollUp
    case goBack
    case stop(String?)

    static let grammar = """
        click [id]               follow a link or press a button
        type [id] "text"         type into a searchbox (runs the search) or a textbox (a message or comment is sent;
                                 a checkout field is filled)
        select [id] "option"     choose an option of a combobox
        scroll down | scroll up  move a list window by five items
        go_back                  return to the previous page
        stop "answer"            finish with an answer; plain `stop` when the task asked you to change something
        """

    /// The canonical text of this action.
    var text: String {
        switch self {
        case .click(let id): "click [\(id)]"
        case .type(let id, let t): "type [\(id)] \"\(t)\""
        case .select(let id, let o): "select [\(id)] \"\(o)\""
        case .scrollDown: "scroll down"
        case .scrollUp: "scroll up"
        case .goBack: "go_back"
        case .stop(let answer): answer.map { "stop \"\($0)\"" } ?? "stop"
        }
    }

    /// Parses one action, or says why the text is not one.
    static func parse(_ raw: String) -> Result<WebAction, WebActionError> {
        let trimmed = raw.trimmingSpaces
        let lower = trimmed.lowercased()
        let verb = String(lower.prefix { $0.isLetter || $0 == "_" })
        var rest = Substring(trimmed.dropFirst(verb.count))
        switch verb {
        case "click":
            guard let id = takeID(&rest), rest.trimmingSpaces.isEmpty else {
                return .failure(.malformed(raw, "click [id]"))
            }
            return .success(.click(id))
        case "type", "select":
            guard let id = takeID(&rest) else { return .failure(.malformed(raw, "\(verb) [id] \"text\"")) }
            let text = oneLine(unquote(rest.trimmingSpaces))
            guard !text.isEmpty else { return .failure(.malformed(raw, "\(verb) [id] \"text\"")) }
            return .success(verb == "type" ? .type(id, text) : .select(id, text))
        case "scroll":
            switch rest.trimmingSpaces.lowercased().filter({ $0.isLetter }) {
            case "down": return .success(.scrollDown)
            case "up": return .success(.scrollUp)
            default: return .failure(.malformed(raw, "scroll down | scroll up"))
            }
        case "go_back", "goback", "back":
            guard rest.trimmingSpaces.isEmpty else { return .failure(.malformed(raw, "go_back")) }
            return .success(.goBack)
        case "go":
            guard rest.trimmingSpaces.lowercased() == "back" else { return .failure(.malformed(raw, "go_back")) }
            return .success(.goBack)
        case "stop":
            let answer = oneLine(unquote(rest.trimmingSpaces))
            return .success(.stop(answer.isEmpty ? nil : answer))
        default:
            return .failure(.unknownVerb(raw))
        }
    }

    /// Reads `[12]`, `[ 12 ]` or `12` from the front of `text`.
    private static func takeID(_ text: inout Substring) -> Int? {
        var s = text.drop { $0 == " " }
        let bracketed = s.first == "["
        if bracketed { s = s.dropFirst().drop { $0 == " " } }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let id = Int(digits) else { return nil }
        s = s.dropFirst(digits.count).drop { $0 == " " }
        if bracketed {
            guard s.first == "]" else { return nil }
            s = s.dropFirst()
        }
        text = s
        return id
    }

    /// Typed text on one line with single spaces, so it cannot add lines to a rendered page.
    static func oneLine(_ text: String) -> String {
        text.split { $0.isWhitespace || $0.isNewline || ($0.asciiValue.map { $0 < 32 } ?? false) }
            .joined(separator: " ")
    }

    /// Strips one pair of matching brackets or quotes ("…", '…', “…”, […]) around `text`.
    static func unquote(_ text: String) -> String {
        var s = text
        let pairs: [(Character, Character)] = [
            ("[", "]"), ("\"", "\""), ("'", "'"), ("“", "”"), ("‘", "’"), ("`", "`"),
        ]
        for _ in 0..<2 {
            guard let first = s.first, let last = s.last, s.count >= 2,
                pairs.contains(where: { $0.0 == first && $0.1 == last })
            else { break }
            s = String(s.dropFirst().dropLast()).trimmingSpaces
        }
        return s
    }
}

/// Why a text is not a MiniWeb action.
enum WebActionError: Error, Equatable {
    case unknownVerb(String)
    case malformed(String, String)

    var reason: String {
        switch self {
        case .unknownVerb: "not an action; use click, type, select, scroll, go_back or stop"
        case .malformed(_, let form): "write it as \(form)"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    var trimmingSpaces: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
