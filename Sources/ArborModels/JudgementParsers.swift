import Foundation

/// Reads the status letter out of value and judge completions. Forgiving like ``ActionParser``: the last
/// `STATUS CODE: X` (also `Status: X`, `**Status code:** (b)`, `Verdict: X`) wins; a completion that is a lone letter
/// counts; nil when none is there.
public enum JudgementParsers {
    /// The judge's letter in the debate.
    public static func vote(_ text: String) -> StatusCode? {
        letter(in: text).flatMap { StatusCode(rawValue: $0) }
    }

    /// The single value's status letter.
    public static func status(_ text: String) -> StatusCode? {
        letter(in: text).flatMap { StatusCode(rawValue: $0) }
    }

    /// The upper-cased letter A–E after the last label, or the whole completion when it is one letter.
    static func letter(in text: String) -> String? {
        let lower = text.lowercased()
        var found: String?
        var search = lower[...]
        while let range = [search.range(of: "status"), search.range(of: "verdict")].compactMap({ $0 }).min(by: {
            $0.lowerBound < $1.lowerBound
        }) {
            var after = search[range.upperBound...]
            if after.hasPrefix(" code") { after = after.dropFirst(5) }
            after = after.drop { $0 == " " || $0 == ":" || $0 == "*" || $0 == "(" || $0 == "-" || $0 == "=" }
            if let letter = after.first, "abcde".contains(letter), after.dropFirst().first.map({ !$0.isLetter }) ?? true
            {
                found = String(letter).uppercased()
            }
            search = search[range.upperBound...]
        }
        if found == nil {
            let bare = text.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(
                in: .punctuationCharacters)
            if bare.count == 1, "ABCDEabcde".contains(bare) { found = bare.uppercased() }
        }
        return found
    }
}
