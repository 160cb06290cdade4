import Foundation

/// A value the page shows that could answer the task, how sure the agent is, and the line it read it from.
struct AnswerCandidate: Sendable, Equatable {
    var answer: String
    /// Roughly 0…1: how well the line's subject matches what the task names.
    var confidence: Double
    var line: String
    /// Why it might still be wrong (a list not sorted the way the task needs, more items below the fold).
    var caveat: String?
}

/// Finds answers on a page for question tasks, from the task's words alone: `Key: value` fields on a detail page
/// ("Seller: alice"), values beside a matching item in a list ("$120 · used · …"), and list totals in footers.
/// Like a hasty reader it trusts what is visible: an extreme in a list it has not sorted is taken from the visible
/// window, which is how the sort-order traps catch it.
struct AnswerReading {
    let task: TaskReading
    let page: WebPage
    /// A careful reader (the value function) skips sponsored rows and near misses when it picks from a list, and
    /// does not take a single item's page as proof of an extreme; the hasty policy does neither.
    var careful = false

    /// Task words that say what is asked rather than which item.
    static let cues: Set<String> = [
        "selling", "seller", "username", "city", "condition", "rating", "average", "customer", "review", "title",
        "point", "comment", "colour", "color", "wrote", "written", "total", "listed", "available", "subforum",
        "number", "new", "rated", "lowest", "voted", "highest", "upvoted", "shopping", "cart", "classified", "forum",
        "post", "listing", "item", "product", "name", "in", "there", "size",
    ]

    var itemTerms: [String] { task.terms.filter { !Self.cues.contains($0) } }

    /// Words a title adds after the last word the task names for its item: "cover" in "Grey IKEA bookshelf cover"
    /// for a bookshelf task, "Pro" in "Acme kettle Pro". Such a title names a different thing.
    func trailingExtras(_ title: String) -> [String] {
        let words = Terms.words(title)
        let terms = Set(itemTerms)
        guard let last = words.lastIndex(where: terms.contains) else { return [] }
        return words[(last + 1)...].filter { !Terms.stopwords.contains($0) }
    }

    /// How well `text` names the task's item, 0…1 (attributes weigh double; a contradicting colour halves it).
    func subjectMatch(_ text: String) -> Double {
        let terms = itemTerms
        guard !terms.isEmpty else { return 0.5 }
        let words = Set(Terms.words(text))
        var total = 0.0
        var hit = 0.0
        for term in terms {
            let weight = task.attributes.contains(term) ? 2.0 : 1.0
            total += weight
            if words.contains(term) { hit += weight }
        }
        let contradicted = !task.contradictions(in: text).isEmpty
        return hit / total * (contradicted ? 0.5 : 1)
    }

    /// The best answers first.
    func candidates() -> [AnswerCandidate] {
        guard task.goal == .answer else { return [] }
        var out = fieldAnswers() + listAnswers() + footerAnswers()
        out.sort { $0.confidence > $1.confidence }
        return out
    }

    // MARK: - Detail pages

    private func fieldAnswers() -> [AnswerCandidate] {
        let lower = task.text.lowercased()
        let subject = subjectMatch(page.heading + " " + page.tab)
        var out: [AnswerCandidate] = []
        var caveat: String?
        if careful {
            let extras = trailingExtras(page.heading)
            if !extras.isEmpty {
                caveat = "the page is about a \(extras.joined(separator: " ")), not the item the task names"
            } else if task.extreme != nil {
                caveat = "one item's page cannot show it is the one the task's superlative picks"
            }
        }
        func add(_ key: String, _ transform: (String) -> String?) {
            guard let (value, line) = page.field(key), let answer = transform(value) else { return }
            out.append(AnswerCandidate(answer: answer, confidence: 0.35 + 0.6 * subject, line: line, caveat: caveat))
        }
        if lower.contains("total") { add("Total") { Terms.prices($0).first.map(Self.money) } }
        if task.asks == "price" { add("Price") { Terms.prices($0).first.map(Self.money) } }
        if lower.contains("selling") || lower.contains("seller") { add("Seller") { $0 } }
        if lower.contains("city") || lower.contains("where") || lower.contains("location") { add("Location") { $0 } }
        if lower.contains("condition") { add("Condition") { $0 } }
        if lower.contains("rating") && !lower.contains("highest") { add("Rating") { Self.firstNumber($0) } }
        if lower.contains("how many review") {
            add("Rating") { value in Self.number(before: "review", in: value) }
        }
        if lower.contains("how many colo") {
            add("Colours") { value in String(value.split(separator: ",").count) }
        }
        if lower.contains("subforum") && !lower.contains("how many") {
            for text in page.lineTexts where text.hasPrefix("by ") {
                if let range = text.range(of: " in ") {
                    let name = text[range.upperBound...].split(separator: "·").first.map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }
                    if let name {
                        out.append(
                            AnswerCandidate(answer: name, confidence: 0.35 + 0.6 * subject, line: text, caveat: caveat))
                    }
                }
            }
        }
        if lower.contains("how many") && (lower.contains("comment") || lower.contains("points")) {
            let noun = lower.contains("comment") ? "comment" : "point"
            for text in page.lineTexts where text.lowercased().hasPrefix("comments (") || text.contains(" points") {
                let value =
                    noun == "comment" && text.lowercased().hasPrefix("comments (")
                    ? Self.firstNumber(text) : Self.number(before: noun, in: text)
                if let value {
                    out.append(
                        AnswerCandidate(answer: value, confidence: 0.3 + 0.6 * subject, line: text, caveat: caveat))
                    break
                }
            }
        }
        return out
    }

    // MARK: - Lists

    /// Values beside matching items in a list: a price, a count, an author, or the item's own title.
    private func listAnswers() -> [AnswerCandidate] {
        let lower = task.text.lowercased()
        var rows: [(text: String, first: String, match: Double, price: Double?)] = []
        for (index, text) in page.entries where page.lines[index].hasPrefix("[") || text.contains(" · ") {
            guard text.contains(" · ") else { continue }
            let first = page.lineTexts[index]
            if careful, text.lowercased().contains("sponsored") || !trailingExtras(first).isEmpty { continue }
            // Sponsored rows look like results; a careless reader takes them at face value.
            rows.append((text, first, subjectMatch(text), Terms.prices(text).first))
        }
        guard !rows.isEmpty else { return [] }
        let moreBelow = page.text.contains("scroll down for more")
        let sortedRight = sortMatchesTask()
        // A careful reader knows a complete list needs no sorting, and a sorted one needs no scrolling.
        let byPrice = task.extreme == .lowestPrice || task.extreme == .highestPrice
        let unsure = careful ? !sortedRight && (moreBelow || !byPrice) : !sortedRight || moreBelow
        let caveat =
            task.extreme != nil && unsure
            ? "the list is not sorted for this question and may have more items below" : nil

        var out: [AnswerCandidate] = []
        if let extreme = task.extreme {
            let eligible = rows.filter { $0.match >= 0.5 || itemTerms.isEmpty }
            let pool = eligible.isEmpty ? rows : eligible
            var pick: (text: String, first: String, match: Double, price: Double?)?
            switch extreme {
            case .lowestPrice: pick = pool.filter { $0.price != nil }.min { $0.price! < $1.price! }
            case .highestPrice: pick = pool.filter { $0.price != nil }.max { $0.price! < $1.price! }
            case .newest, .mostReplies, .highestRated: pick = pool.first
            }
            if let pick {
                let answer: String? =
                    task.asks == "price"
                    ? pick.price.map(Self.money)
                    : task.asks == "name" ? author(in: pick.text) ?? pick.first : pick.first
                if let answer {
                    let confidence = (caveat == nil ? 0.8 : 0.45) * (0.5 + 0.5 * pick.match)
                    out.append(AnswerCandidate(answer: answer, confidence: confidence, line: pick.text, caveat: caveat))
                }
            }
            return out
        }
        for row in rows where row.match > 0 {
            var answer: String?
            if task.asks == "price" {
                answer = row.price.map(Self.money)
            } else if lower.contains("how many") && lower.contains("comment") {
                answer = Self.number(before: "comment", in: row.text)
            } else if lower.contains("how many") && lower.contains("point") {
                answer = Self.number(before: "point", in: row.text)
            } else if lower.contains("subforum") {
                answer = row.text.range(of: " in ").map { String(row.text[$0.upperBound...]) }
            } else if task.asks == "name" {
                answer = author(in: row.text)
            }
            if let answer {
                out.append(
                    AnswerCandidate(answer: answer, confidence: 0.25 + 0.55 * row.match, line: row.text, caveat: nil))
            }
        }
        return out
    }

    /// "How many … are there": the footer's total, else the number of rows shown.
    private func footerAnswers() -> [AnswerCandidate] {
        let lower = task.text.lowercased()
        guard lower.contains("how many"), lower.contains("are there") || lower.contains("listings") else { return [] }
        for text in page.lineTexts {
            if text.hasPrefix("No results") {
                return [AnswerCandidate(answer: "0", confidence: 0.5, line: text, caveat: nil)]
            }
            if text.hasPrefix("Showing"), let range = text.range(of: " of ") {
                if let total = Self.firstNumber(String(text[range.upperBound...])) {
                    let filtered = subjectMatch(page.text)
                    return [AnswerCandidate(answer: total, confidence: 0.3 + 0.5 * filtered, line: text, caveat: nil)]
                }
            }
        }
        return []
    }

    /// Whether a `Sort by` box shows the order the task's extreme needs.
    func sortMatchesTask() -> Bool {
        guard let extreme = task.extreme else { return true }
        guard let sort = page.elements.first(where: { $0.role == "combobox" && $0.name.lowercased() == "sort by" }),
            let value = sort.value?.lowercased()
        else { return false }
        switch extreme {
        case .lowestPrice: return value.contains("low to high")
        case .highestPrice: return value.contains("high to low")
        case .newest: return value.contains("new")
        case .mostReplies: return value.contains("top")
        case .highestRated: return value.contains("rating")
        }
    }

    private func author(in text: String) -> String? {
        guard let range = text.range(of: "by ") else { return nil }
        return text[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "·" }).first.map(String.init)
    }

    static func money(_ value: Double) -> String {
        value == value.rounded() ? "$\(Int(value))" : String(format: "$%.2f", value)
    }

    static func firstNumber(_ text: String) -> String? {
        Terms.words(text).first { $0.first?.isNumber == true }
    }

    /// The number written just before `noun` ("12 reviews" → "12").
    static func number(before noun: String, in text: String) -> String? {
        let words = Terms.words(text)
        for (i, word) in words.enumerated() where i > 0 && word.hasPrefix(noun) && words[i - 1].first?.isNumber == true
        {
            return words[i - 1]
        }
        return nil
    }
}
