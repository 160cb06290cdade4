import ArborModels
import Foundation

/// One action the offline policy considers, with the score it ranks it by (a logit: sampled as softmax(score / T))
/// and the words it would give as its reason.
struct ActionCandidate: Sendable, Equatable {
    var action: String
    /// What the action is about (the element's name and the text around it): what reflection hints match against.
    var subject: String
    var score: Double
    var reason: String
    /// The page line the choice rests on.
    var line: String
}

/// Lists and scores the actions a page offers for a task, from the task text, the page and the actions taken so far.
///
/// The scoring is a careful-looking but shallow reader: it rewards word overlap with the task, so near-miss titles
/// and sponsored results that repeat the query score well, and it answers from what is visible. Those are the
/// traps search, debate and reflection are there to get it out of.
struct ActionCandidates {
    /// The word an answer's subject carries when the task asks for an extreme and the list is not sorted for it.
    static let unsortedMark = "unsorted"
    /// The word a box option's subject carries when the task does not ask for it.
    static let unaskedMark = "unasked"

    let task: TaskReading
    let page: WebPage
    let previousActions: [String]

    func scored() -> [ActionCandidate] {
        var out: [ActionCandidate] = []
        let subject = AnswerReading(task: task, page: page)
        let onSubject = subject.subjectMatch(page.heading + " " + page.tab)
        for element in page.elements {
            let block = page.block(of: element).joined(separator: " · ")
            switch element.role {
            case "searchbox":
                out.append(search(element, onSubject: onSubject))
            case "textbox":
                if let candidate = write(element, onSubject: onSubject) { out.append(candidate) }
            case "combobox":
                out += choose(element)
            default:
                out.append(click(element, block: block, onSubject: onSubject))
            }
        }
        out += scrolls()
        out += finishes(subject)
        return out.map(penalisingRepeats)
    }

    // MARK: - Kinds of action

    private func click(_ element: PageElement, block: String, onSubject: Double) -> ActionCandidate {
        let (overlap, matched) = task.overlap(with: block)
        var score = 0.9 * overlap
        var reason =
            matched.isEmpty
            ? "'\(element.name)' does not mention the task's terms"
            : "'\(element.name)' matches \(matched.joined(separator: ", "))"
        // Words the title adds to what the task names ("helmet", "case") make it a near miss; the policy
        // notices a little, not enough to be safe from it.
        let extra = Terms.content(element.name).filter { !task.terms.contains($0) }
        if !matched.isEmpty, element.role == "link", !extra.isEmpty {
            score -= 0.3 * Double(min(extra.count, 3))
        }
        let contradictions = task.contradictions(in: element.name)
        if !contradictions.isEmpty {
            // The policy notices a wrong colour in a title, not in the description line under it.
            score -= 1.2
            reason += ", but its title says \(contradictions.joined(separator: ", "))"
        }
        if element.role == "button" {
            // An action button (Add to cart, Upvote) pays off only on the page of the right item, where it is the
            // step the task is about.
            score = score * (0.4 + onSubject) + (matched.isEmpty ? -0.5 : 0.6 + 1.5 * onSubject)
        }
        if ["home", "search"].contains(element.name.lowercased()) { score -= 0.8 }
        if element.name.lowercased().hasPrefix("remove") && !task.text.lowercased().contains("remove") {
            score -= 2
        }
        return ActionCandidate(
            action: "click [\(element.id)]", subject: block, score: score, reason: reason, line: element.line)
    }

    private func search(_ element: PageElement, onSubject: Double) -> ActionCandidate {
        let query = task.searchQuery
        let already = (element.value ?? "").lowercased() == query.lowercased()
        // Searching again from the item's own page is a step backwards.
        let score =
            query.isEmpty
            ? -1 : (already ? -1.5 : 1.8 - 1.5 * onSubject - 0.6 * Double(previousTypes(into: element.id)))
        return ActionCandidate(
            action: "type [\(element.id)] \"\(query)\"", subject: "\(element.name) \(query)", score: score,
            reason: already
                ? "the search box already holds '\(query)'"
                : "searching for '\(query)' should list the items the task names",
            line: element.line)
    }

    /// A message, a comment, or a checkout field, filled from the task's quoted text or its "for … shipping to …".
    private func write(_ element: PageElement, onSubject: Double) -> ActionCandidate? {
        let name = element.name.lowercased()
        var text: String?
        if name.contains("name") { text = between(" for ", ",") }
        if name.contains("address") { text = between("shipping to ", nil) }
        if text == nil, task.goal == .write || task.text.lowercased().contains("message") || !task.quoted.isEmpty {
            text = task.quoted.last
        }
        guard let text, !text.isEmpty else { return nil }
        if (element.value ?? "") == text { return nil }
        let score = 1.0 + 2.5 * onSubject - 1.0 * Double(previousTypes(into: element.id))
        return ActionCandidate(
            action: "type [\(element.id)] \"\(text)\"", subject: "\(element.name) \(text)", score: score,
            reason: "the task asks to write \"\(text)\" and this is '\(element.name)'", line: element.line)
    }

    /// Options of a combobox that the task asks for: a sort order for an extreme, a colour, a size, a place.
    private func choose(_ element: PageElement) -> [ActionCandidate] {
        var out: [ActionCandidate] = []
        let current = (element.value ?? "").lowercased()
        for option in page.options(of: element) where option.lowercased() != current {
            var score = -1.0
            var reason = "'\(option)' is not something the task asks for"
            if element.name.lowercased().contains("sort") {
                let wanted = task.wantsSort(option)
                // Sorting is the step a hurried agent skips: worth doing, not compelling.
                if wanted {
                    score = 1.2
                    reason = "sorting by '\(option)' puts the item the task wants first"
                }
            } else {
                let (overlap, matched) = task.overlap(with: option)
                if overlap > 0 {
                    score = 0.8 + overlap
                    reason = "the task names \(matched.joined(separator: ", ")) for '\(element.name)'"
                }
            }
            // An option the task does not ask for is marked so, for a lesson about needless filters to find.
            let unasked = score < 0 ? " \(Self.unaskedMark)" : ""
            out.append(
                ActionCandidate(
                    action: "select [\(element.id)] \"\(option)\"", subject: "\(element.name) \(option)\(unasked)",
                    score: score, reason: reason, line: element.line))
        }
        return out
    }

    private func scrolls() -> [ActionCandidate] {
        var out: [ActionCandidate] = []
        let text = page.text
        if text.contains("scroll down for more") {
            let wantsAll = task.extreme != nil || task.text.lowercased().contains("how many")
            out.append(
                ActionCandidate(
                    action: "scroll down", subject: "scroll down more results", score: wantsAll ? 0.6 : -0.2,
                    reason: "more items are below the fold", line: "scroll down for more"))
        }
        if text.contains("scroll up for previous") {
            out.append(
                ActionCandidate(
                    action: "scroll up", subject: "scroll up previous results", score: -0.8,
                    reason: "earlier items are above", line: "scroll up for previous"))
        }
        if !previousActions.isEmpty {
            out.append(
                ActionCandidate(
                    action: "go_back", subject: "go back previous page", score: -0.6,
                    reason: "this page may be a wrong turn", line: page.tab))
        }
        return out
    }

    /// `stop "answer"` when the page shows a value the task asks for; `stop` when a notice says the change is done.
    private func finishes(_ reading: AnswerReading) -> [ActionCandidate] {
        if task.goal == .answer {
            var seen: Set<String> = []
            // The policy does not weigh the sort order itself, but it can see it, so a lesson about answering from an
            // unsorted list can find these answers. Only an answer read from a list's row is marked: an item's own
            // page has no sort order, and answering there after sorting and opening the first row is the right move.
            let unsortedList = task.extreme != nil && !reading.sortMatchesTask()
            return reading.candidates().filter { seen.insert($0.answer).inserted }.prefix(3).map { answer in
                let unsorted = unsortedList && Self.isListRow(answer.line) ? " \(Self.unsortedMark)" : ""
                return ActionCandidate(
                    action: "stop \"\(answer.answer)\"", subject: "answer \(answer.answer) \(answer.line)\(unsorted)",
                    score: -0.5 + 5 * answer.confidence,
                    reason: "the page shows \(answer.answer) for what the task asks", line: answer.line)
            }
        }
        let notice = page.lineTexts.first { $0.hasPrefix("Notice:") } ?? ""
        let (overlap, matched) = task.overlap(with: notice)
        let score = notice.isEmpty ? -2.5 : -0.5 + 1.2 * overlap
        return [
            ActionCandidate(
                action: "stop", subject: "finish \(notice)", score: score,
                reason: notice.isEmpty
                    ? "nothing shows the task is done" : "the notice mentions \(matched.joined(separator: ", "))",
                line: notice)
        ]
    }

    /// Whether a page line is a list row's details line ("$120 · used · Oakland"), not an item page's field.
    static func isListRow(_ line: String) -> Bool { line.contains(" · ") }

    // MARK: - History

    /// Repeating the last action, or going back right after going back, is how agents loop.
    private func penalisingRepeats(_ candidate: ActionCandidate) -> ActionCandidate {
        var c = candidate
        let repeats = previousActions.suffix(3).filter { $0 == c.action }.count
        c.score -= 1.5 * Double(repeats)
        if c.action == "go_back", previousActions.last == "go_back" { c.score -= 1.5 }
        return c
    }

    private func previousTypes(into id: Int) -> Int {
        previousActions.filter { $0.hasPrefix("type [\(id)]") }.count
    }

    private func between(_ start: String, _ end: String?) -> String? {
        guard let range = task.text.range(of: start) else { return nil }
        var rest = task.text[range.upperBound...]
        if let end, let stop = rest.range(of: end) { rest = rest[..<stop.lowerBound] }
        let text = rest.trimmingCharacters(in: .whitespaces)
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}
