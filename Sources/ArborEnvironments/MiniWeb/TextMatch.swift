/// How the sites' search boxes match: every word of the query must start a word of the item (plural `s` ignored).
enum TextMatch {
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    static func matches(query: String, in haystack: String) -> Bool {
        let have = words(haystack)
        return words(query).allSatisfy { want in
            let stem = want.count > 3 && want.hasSuffix("s") ? String(want.dropLast()) : want
            return have.contains { $0 == want || $0.hasPrefix(stem) }
        }
    }

    /// A query string for a URL ("red bike" → "red+bike").
    static func urlQuery(_ text: String) -> String {
        words(text).joined(separator: "+")
    }
}
