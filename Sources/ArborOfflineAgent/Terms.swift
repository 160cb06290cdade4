/// Word-level reading shared by every role of the offline agent: lower-cased content words with a light plural
/// stem, so "Bikes" on a page matches "bike" in a task.
enum Terms {
    /// Words that say nothing about what a task is after.
    static let stopwords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "from", "is", "are", "was",
        "be", "it", "its", "this", "that", "these", "those", "me", "my", "i", "you", "your", "what", "which", "who",
        "how", "much", "many", "find", "show", "tell", "give", "get", "please", "there", "then", "than", "as", "into",
        "about", "under", "over", "below", "above", "less", "more", "most", "least", "any", "all", "one", "some",
        "do", "does", "did", "has", "have", "can", "will", "should", "would", "page", "site", "item", "listing",
        "answer", "return", "report", "named", "called", "titled", "costs", "cost", "price", "priced", "if", "so",
        "up", "out", "only", "also", "just", "not", "no", "yes", "their", "them", "they", "he", "she", "his", "her",
        "we", "our", "us", "when", "where", "why", "go", "see", "look", "make", "add", "buy", "post", "leave",
        "write", "open", "search", "cheapest", "expensive", "highest", "lowest", "newest", "oldest", "latest",
    ]

    static let colours: Set<String> = [
        "red", "blue", "green", "black", "white", "yellow", "orange", "purple", "pink", "brown", "grey", "gray",
        "silver", "gold", "beige", "navy", "teal",
    ]

    static let sizes: Set<String> = ["xs", "small", "medium", "large", "xl", "xxl", "s", "m", "l"]

    /// Every word of `text`, lower-cased and stemmed; numbers keep their decimal point ("24.99").
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text.lowercased())
        for (i, c) in chars.enumerated() {
            let decimalPoint =
                c == "." && !current.isEmpty && current.allSatisfy(\.isNumber) && i + 1 < chars.count
                && chars[i + 1].isNumber
            if c.isLetter || c.isNumber || decimalPoint {
                current.append(c)
            } else if !current.isEmpty {
                out.append(stem(current))
                current = ""
            }
        }
        if !current.isEmpty { out.append(stem(current)) }
        return out
    }

    /// The words of `text` that carry meaning.
    static func content(_ text: String) -> [String] {
        words(text).filter { !stopwords.contains($0) && ($0.count > 1 || $0.first?.isNumber == true) }
    }

    static func stem(_ word: String) -> String {
        guard word.count > 3, word.last == "s", !word.hasSuffix("ss"), word.first?.isLetter == true else {
            return word
        }
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        return String(word.dropLast())
    }

    /// Dollar amounts written in `text` ("$24.99", "$1,200"), as numbers.
    static func prices(_ text: String) -> [Double] {
        var out: [Double] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "$" {
                var j = i + 1
                var digits = ""
                while j < chars.count, chars[j].isNumber || chars[j] == "," || chars[j] == "." {
                    if chars[j] != "," { digits.append(chars[j]) }
                    j += 1
                }
                while digits.hasSuffix(".") { digits.removeLast() }
                if let value = Double(digits) { out.append(value) }
                i = j
            } else {
                i += 1
            }
        }
        return out
    }
}
