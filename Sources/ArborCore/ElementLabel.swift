/// The label an observation gives the element an action names: for `click [10]` on a page with the line
/// `[10] button 'Submit'`, `Submit`. Shown beside the action (`click [10] "Submit"`) where people and the policy read
/// a history, so `[10]` means something without the page at hand.
public enum ElementLabel {
    /// The first quoted text ('…' or "…") on the line of `observation` that starts with the element id `action`
    /// names in brackets; nil when the action names no element, the page has no such line or the line no label, or
    /// the action already carries the label (`type [7] "Submit"`).
    public static func of(_ action: String, in observation: String) -> String? {
        guard let id = elementID(action) else { return nil }
        let marker = "[\(id)]"
        for line in observation.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "-" || $0 == "*" }
            guard trimmed.hasPrefix(marker) else { continue }
            guard let label = firstQuoted(trimmed.dropFirst(marker.count)), !label.isEmpty else { return nil }
            return action.contains(label) ? nil : String(label.prefix(60))
        }
        return nil
    }

    /// `action` with its element's label after it, as people read it: `click [10] "Submit"`.
    public static func shown(_ action: String, label: String?) -> String {
        guard let label else { return action }
        return "\(action) \"\(label)\""
    }

    /// The digits in the first `[…]` of `action`, when that is all it holds.
    static func elementID(_ action: String) -> Substring? {
        guard let open = action.firstIndex(of: "["), let close = action[open...].firstIndex(of: "]") else {
            return nil
        }
        let inside = action[action.index(after: open)..<close].drop { $0 == " " }
        let digits = inside.prefix { $0.isNumber }
        guard !digits.isEmpty, inside.dropFirst(digits.count).allSatisfy({ $0 == " " }) else { return nil }
        return digits
    }

    private static func firstQuoted(_ text: Substring) -> Substring? {
        guard let open = text.firstIndex(where: { $0 == "'" || $0 == "\"" }) else { return nil }
        let quote = text[open]
        let rest = text[text.index(after: open)...]
        guard let close = rest.firstIndex(of: quote) else { return nil }
        return rest[..<close]
    }
}
