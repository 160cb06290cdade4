import Foundation

/// Reads the action out of a model's answer for an environment with its own grammar: the text the policy prompt asks
/// for, not a web action. Which actions exist is the environment's to decide, so nothing here judges the action;
/// it only finds the line that holds it.
///
/// In order: the last line of the last fenced block (the prompt asks for the action in one); the text after an
/// `Action:` label or after "the next action I will perform is"; the last line that starts with a verb the
/// environment declared; a one-line answer as a whole.
public struct ActionLine: Sendable {
    /// Verbs the environment declared, lower-cased; empty when it declared none.
    public let verbs: [String]

    public init(verbs: [String] = []) {
        self.verbs = verbs.map { $0.lowercased() }
    }

    /// An answer longer than this on one line is prose, not an action.
    static let longestBareAction = 120

    public func parse(_ text: String) -> ActionParse {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .unparseable(reason: "the output is empty") }
        if let block = ActionParser.fencedBlocks(in: trimmed).last {
            let lines = Self.lines(block)
            if let last = lines.last { return .parsed(last) }
        }
        let lines = Self.lines(trimmed)
        for line in lines.reversed() {
            if let labelled = Self.afterLabel(line) { return .parsed(labelled) }
        }
        if !verbs.isEmpty {
            for line in lines.reversed() {
                let verb = line.prefix { !$0.isWhitespace }.lowercased()
                if verbs.contains(verb) { return .parsed(line) }
            }
        }
        if lines.count == 1, lines[0].count <= Self.longestBareAction { return .parsed(lines[0]) }
        return .unparseable(
            reason: "no action line: expected the action in a ``` fence after \"the next action I will perform is\""
                + (verbs.isEmpty ? "" : ", or a line starting with one of \(verbs.joined(separator: ", "))"))
    }

    /// The non-empty lines of `text`, each trimmed and stripped of markdown emphasis and one pair of backticks.
    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { raw in
            var line = raw.trimmingCharacters(in: .whitespaces)
            line = String(line.drop { $0 == "*" || $0 == "-" || $0 == ">" || $0 == "#" || $0 == " " })
            while line.hasSuffix("*") { line.removeLast() }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.count >= 2, line.hasPrefix("`"), line.hasSuffix("`") {
                line = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
            }
            return line.isEmpty ? nil : line
        }
    }

    /// The action after `Action:` or "the next action I will perform is", when the line has one.
    private static func afterLabel(_ line: String) -> String? {
        let lower = line.lowercased()
        for label in ["the next action i will perform is", "action:"] {
            guard let range = lower.range(of: label, options: .backwards) else { continue }
            let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
            var rest = String(line.dropFirst(offset)).trimmingCharacters(in: .whitespaces)
            rest = rest.trimmingCharacters(in: CharacterSet(charactersIn: ":`*\"' "))
            if !rest.isEmpty { return rest }
        }
        return nil
    }
}
