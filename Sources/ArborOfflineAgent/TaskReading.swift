/// What the offline agent understands of a task from its text alone: the words that name what is wanted, the
/// attributes it insists on (colours, sizes, numbers), what kind of finish it needs and which way to sort.
struct TaskReading: Sendable, Equatable {
    /// What the task wants done.
    enum Goal: String, Sendable {
        /// Report a value: finish with `stop ["answer"]`.
        case answer
        /// Put something in the cart, order it.
        case purchase
        /// Write a comment, a post, a message.
        case write
        /// Reach a page (open, navigate, find and show).
        case navigate
    }

    /// Which extreme an answer or a choice is about.
    enum Extreme: Sendable {
        case lowestPrice, highestPrice, newest, mostReplies, highestRated
    }

    var text: String
    var goal: Goal
    /// Content words, in task order, without duplicates.
    var terms: [String]
    /// Colours, sizes and numbers the task names: a page that contradicts them is a trap.
    var attributes: [String]
    /// Text in quotes in the task ("…"), e.g. what to type in a comment.
    var quoted: [String]
    var extreme: Extreme?
    /// A price ceiling ("under $50").
    var maxPrice: Double?
    /// What the task asks to be reported: "price", "count", "name", or "value".
    var asks: String

    init(_ task: String) {
        text = task
        let lower = task.lowercased()
        var seen: Set<String> = []
        terms = Terms.content(task).filter { seen.insert($0).inserted }
        attributes = terms.filter {
            Terms.colours.contains($0) || Terms.sizes.contains($0) || $0.first?.isNumber == true
        }
        quoted = Self.quotedTexts(task)

        let asksQuestion =
            lower.hasPrefix("what") || lower.hasPrefix("how") || lower.hasPrefix("which") || lower.hasPrefix("who")
            || lower.contains("?") || lower.contains("tell me") || lower.contains("report") || lower.contains("answer")
        if lower.contains("add ") && lower.contains("cart") || lower.hasPrefix("buy") || lower.contains("order ") {
            goal = .purchase
        } else if lower.contains("comment") || lower.hasPrefix("post") || lower.hasPrefix("reply")
            || lower.hasPrefix("write") || lower.contains("leave a")
        {
            goal = asksQuestion && !lower.hasPrefix("post") ? .answer : .write
        } else if asksQuestion {
            goal = .answer
        } else {
            goal = .navigate
        }

        if lower.contains("cheapest") || lower.contains("lowest price") || lower.contains("least expensive") {
            extreme = .lowestPrice
        } else if lower.contains("most expensive") || lower.contains("highest price") {
            extreme = .highestPrice
        } else if lower.contains("newest") || lower.contains("latest") || lower.contains("most recent") {
            extreme = .newest
        } else if lower.contains("most replies") || lower.contains("most comments") {
            extreme = .mostReplies
        } else if lower.contains("highest rated") || lower.contains("best rated") || lower.contains("top rated") {
            extreme = .highestRated
        } else {
            extreme = nil
        }
        maxPrice =
            lower.contains("under $") || lower.contains("below $") || lower.contains("less than $")
            ? Terms.prices(task).first : nil

        if lower.contains("price") || lower.contains("cost") || lower.contains("how much") {
            asks = "price"
        } else if lower.contains("how many") || lower.contains("number of") {
            asks = "count"
        } else if lower.hasPrefix("who") || lower.contains("which user") || lower.contains("username")
            || lower.contains("seller") || lower.contains("name of")
        {
            asks = "name"
        } else {
            asks = "value"
        }
    }

    /// Terms to type into a search box: the things named, without the attributes a search engine would miss
    /// and without any text meant for a comment.
    var searchQuery: String {
        let inQuotes = Set(quoted.flatMap(Terms.content))
        let words = terms.filter {
            !inQuotes.contains($0) && $0.first?.isNumber != true && !AnswerReading.cues.contains($0)
        }
        // Typed as the task spells them, not as stemmed for matching.
        let chosen = Set(words.prefix(4))
        var seen: Set<String> = []
        var spelled: [String] = []
        for word in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map({ $0.lowercased() }) {
            let stem = Terms.stem(word)
            if chosen.contains(stem), seen.insert(stem).inserted { spelled.append(word) }
        }
        return spelled.joined(separator: " ")
    }

    /// How many of the task's terms appear in `text` (attributes count double), and which.
    func overlap(with text: String) -> (score: Double, matched: [String]) {
        let words = Set(Terms.words(text))
        var score = 0.0
        var matched: [String] = []
        for term in terms where words.contains(term) {
            score += attributes.contains(term) ? 2 : 1
            matched.append(term)
        }
        return (score, matched)
    }

    /// Attributes of the same kind as the task's that `text` shows instead (a blue bike for a red-bike task).
    func contradictions(in text: String) -> [String] {
        let words = Set(Terms.words(text))
        let wantedColours = attributes.filter(Terms.colours.contains)
        guard !wantedColours.isEmpty else { return [] }
        return Terms.colours.subtracting(wantedColours).filter(words.contains).sorted()
    }

    private static func quotedTexts(_ text: String) -> [String] {
        var out: [String] = []
        var current: String?
        for c in text {
            if c == "\"" || c == "\u{201C}" || c == "\u{201D}" {
                if let open = current {
                    out.append(open)
                    current = nil
                } else {
                    current = ""
                }
            } else if current != nil {
                current?.append(c)
            }
        }
        return out
    }

    /// Whether `option` of a sort box is the order the task's superlative needs.
    func wantsSort(_ option: String) -> Bool {
        let lower = option.lowercased()
        return switch extreme {
        case .lowestPrice: lower.contains("low to high")
        case .highestPrice: lower.contains("high to low")
        case .newest: lower.hasPrefix("new")
        case .mostReplies: lower == "top"
        case .highestRated: lower.contains("rating")
        case nil: false
        }
    }
}
