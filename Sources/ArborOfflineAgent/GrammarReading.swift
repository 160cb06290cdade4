import Foundation

/// The action forms an environment's grammar describes, read from its text the way a model reads the prompt: an
/// action is within the grammar when its form — the verb with the bracket or quote that follows it (`click [`,
/// `stop "`), or its words when it has no argument (`scroll down`, `stop`) — appears in the grammar's text as words.
///
/// The offline agent proposes web actions; reading the grammar keeps it to the ones the environment offers (MiniWoB++
/// has no `go_back` and no `stop "answer"`), and an environment whose grammar names none of them gets no proposals
/// rather than refused ones. An empty grammar describes nothing and allows everything.
struct GrammarReading: Sendable {
    private let text: String

    init(_ grammar: String) { text = grammar.lowercased() }

    func allows(_ action: String) -> Bool {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return true }
        return contains(word: Self.form(of: action.lowercased()))
    }

    /// `click [12]` → `click [`; `type [7] "x"` → `type [`; `stop "Oakland"` → `stop "`; `scroll down` → `scroll down`.
    static func form(of action: String) -> String {
        guard let argument = action.firstIndex(where: { $0 == "[" || $0 == "\"" }) else {
            return action.trimmingCharacters(in: .whitespaces)
        }
        return action[..<argument].trimmingCharacters(in: .whitespaces) + " " + String(action[argument])
    }

    /// Whether `form` occurs in the grammar not glued to a word before it or, when it ends in a letter, after it.
    private func contains(word form: String) -> Bool {
        guard !form.isEmpty else { return false }
        var searchFrom = text.startIndex
        while let range = text.range(of: form, range: searchFrom..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let clearBefore = before.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
            let clearAfter = form.last?.isLetter != true || (after.map { !($0.isLetter || $0 == "_") } ?? true)
            if clearBefore && clearAfter { return true }
            searchFrom = range.upperBound
        }
        return false
    }
}
