import Foundation

/// Reads the verdict letter and the progress number out of judge and value completions. Forgiving like
/// ``ActionParser``: the last "Verdict: X" or "Progress: 0.7" wins; nil when none is there.
public enum JudgementParsers {
    /// The last `Verdict: B` (also `verdict - b`, `**Verdict:** (B)`), or a completion that is a lone letter.
    public static func vote(_ text: String) -> DebateVote? {
        let lower = text.lowercased()
        var found: DebateVote?
        var search = lower[...]
        while let range = search.range(of: "verdict") {
            let after = search[range.upperBound...].drop { !$0.isLetter || $0 == " " }
            if let letter = after.first, after.dropFirst().first.map({ !$0.isLetter }) ?? true,
                let vote = DebateVote(rawValue: String(letter).uppercased())
            {
                found = vote
            }
            search = search[range.upperBound...]
        }
        if found == nil {
            let bare = text.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(
                in: .punctuationCharacters)
            found = DebateVote(rawValue: bare.uppercased())
        }
        return found
    }

    /// The last `Progress: 0.62` (or `Value:`/`Score:`), clamped to [0, 1]; a number above 1 is read as out of 10.
    public static func progress(_ text: String) -> Double? {
        var found: Double?
        for line in text.split(whereSeparator: \.isNewline) {
            let lower = line.lowercased()
            guard let label = ["progress", "value", "score"].first(where: lower.contains),
                let range = lower.range(of: label)
            else { continue }
            let rest = lower[range.upperBound...].drop { !($0.isNumber || $0 == ".") }
            let number = rest.prefix { $0.isNumber || $0 == "." }
            if var value = Double(number) {
                if value > 1 { value /= 10 }
                found = min(1, max(0, value))
            }
        }
        return found
    }
}
