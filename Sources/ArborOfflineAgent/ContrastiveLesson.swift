import ArborCore
import ArborModels

/// The offline reflector: from a surprising step (what the page showed, what was done, what came of it) it works out
/// what the agent must have expected and a lesson with terms to prefer or avoid, from the two pages and the task
/// text only.
struct ContrastiveLesson {
    let request: ReflectionRequest

    func draft() -> ReflectionDraft {
        let task = TaskReading(request.task)
        let page = WebPage(request.observation)
        let next = WebPage(request.nextObservation)
        let target = Target(action: request.action, page: page)
        let disappointed = request.nextValue < request.expectedValue || !request.episodeSucceeded

        let expected = "I expected \(target.gerund) to \(Self.goalPhrase(task))"
        let why = diagnosis(task: task, target: target, next: next, disappointed: disappointed)
        var hint = why.hint
        if request.kind == .value {
            // A value lesson corrects the estimate of states that show the same evidence as the state this step led
            // to, by part of the surprise: the point against progress it under-weighed after a disappointment, the
            // point for progress after a pleasant surprise.
            let shift = max(-0.4, min(0.4, 0.5 * (request.nextValue - request.expectedValue)))
            let reached = ProgressEvidence(task: task, page: next, previousActions: [request.action])
            // An answer taken from an unsorted list is named by the policy's mark for it, which is the evidence the
            // value barely weighed; any other state by its strongest point.
            let unsorted =
                shift < 0 && why.hint.avoid.contains(ActionCandidates.unsortedMark)
                && reached.points.contains { $0.claim == ProgressEvidence.unsortedAnswerClaim }
            let claim =
                unsorted
                ? [ActionCandidates.unsortedMark] : reached.lessonClaim(disappointed: shift < 0).map { [$0] } ?? []
            hint = ReflectionHint(
                prefer: shift > 0 ? claim : [], avoid: shift < 0 ? claim : [], valueShift: claim.isEmpty ? 0 : shift)
        }
        return ReflectionDraft(expected: expected, lesson: why.lesson, hint: hint)
    }

    /// Why the step went as it did, in words and as terms.
    private func diagnosis(task: TaskReading, target: Target, next: WebPage, disappointed: Bool) -> (
        lesson: String, hint: ReflectionHint
    ) {
        let subjectWords = Set(Terms.content(target.subject))
        guard disappointed else {
            let good = task.terms.filter(subjectWords.contains)
            return (
                "\(target.gerund.capitalizedFirst) worked better than expected: it matched \(good.joined(separator: ", ")); take such steps early.",
                ReflectionHint(prefer: Array(good.prefix(3)))
            )
        }
        if target.subject.lowercased().contains("sponsored") {
            return (
                "'\(target.name)' was a sponsored result made to look like a match; skip sponsored rows and open a listing whose details line fits the task.",
                ReflectionHint(prefer: task.attributes, avoid: ["sponsored"])
            )
        }
        let wrongColours = task.contradictions(in: target.subject + " " + (next.field("Colour")?.value ?? ""))
        if !wrongColours.isEmpty {
            return (
                "'\(target.name)' is \(wrongColours.joined(separator: "/")), not \(task.attributes.joined(separator: " ")); check the colour in the listing's line before opening it.",
                ReflectionHint(prefer: task.attributes, avoid: wrongColours)
            )
        }
        if target.verb == "stop", task.extreme != nil {
            let order = Self.sortWords(task)
            return (
                "Answering from a list in its default order picked a visible item, not the extreme one; sort the list (\(order.joined(separator: " "))) before answering.",
                ReflectionHint(prefer: ["sort"], avoid: [ActionCandidates.unsortedMark])
            )
        }
        if target.verb == "stop" {
            return (
                "Answering '\(target.name)' was premature: the page did not clearly show the task's item beside it; open the exact item first.",
                // No policy terms: "answer" would steer away from every answer on every task. The value lesson
                // carries it, by the evidence that misled.
                ReflectionHint()
            )
        }
        // Choosing "Any" clears a filter: it narrows nothing.
        if target.verb == "select", task.overlap(with: target.name).score == 0, !task.wantsSort(target.name),
            target.name.lowercased() != "any"
        {
            return (
                "Choosing '\(target.name)' narrowed the list by something the task does not ask for and spent a step; filter only by what the task names.",
                ReflectionHint(avoid: [ActionCandidates.unaskedMark])
            )
        }
        let extra = Terms.content(target.name).filter { !task.terms.contains($0) && $0.first?.isNumber != true }
        let missing = task.terms.filter { !subjectWords.contains($0) && !AnswerReading.cues.contains($0) }
        // A near miss is a result that names some of the task's item and adds more; a button or a site link that
        // shares no word with the task ("Buy now", "Contact seller") is not one, and its words are not worth avoiding.
        let resembles = !task.overlap(with: target.name).matched.isEmpty
        if !extra.isEmpty, resembles, target.role == "link" || target.verb == "select" {
            return (
                "'\(target.name)' only looked like the task's item (it adds \(extra.joined(separator: ", "))); prefer the result whose title names exactly \(task.searchQuery).",
                ReflectionHint(prefer: Array(missing.prefix(3)), avoid: Array(extra.prefix(3)))
            )
        }
        // Only an item's link is avoided by its words: going back, scrolling, a search box or a button are named by
        // words ("back", "product", "now") that every page has, so avoiding them would steer away from everything.
        let avoid = target.verb == "click" && target.role == "link" ? Array(Terms.content(target.name).prefix(2)) : []
        return (
            "\(target.gerund.capitalizedFirst) did not move the task forward; try a different element on such pages.",
            ReflectionHint(prefer: Array(missing.prefix(3)), avoid: avoid)
        )
    }

    private static func goalPhrase(_ task: TaskReading) -> String {
        switch task.goal {
        case .answer: "show the value the task asks for"
        case .purchase: "bring me to the item the task wants in the cart"
        case .write: "let me post the text the task gives"
        case .navigate: "open the page the task asks for"
        }
    }

    private static func sortWords(_ task: TaskReading) -> [String] {
        switch task.extreme {
        case .lowestPrice: ["low", "high"]
        case .highestPrice: ["high", "low"]
        case .newest: ["newest"]
        case .mostReplies: ["top"]
        case .highestRated: ["rating"]
        case nil: []
        }
    }

    /// What an action acted on, read from the page it was taken on.
    struct Target {
        var verb: String
        var name: String
        var subject: String
        var gerund: String
        /// The acted-on element's role ("link", "button", …), empty for actions without one.
        var role: String

        init(action: String, page: WebPage) {
            verb = String(action.prefix { $0 != " " })
            let element = ActionText.elementID(action).flatMap(page.element)
            role = element?.role ?? ""
            // A choice in a box is about the option chosen ("Yellow"), not the box ("Colour").
            let option = verb == "select" ? ActionText.quoted(action) : nil
            name = option ?? element?.name ?? ActionText.stopAnswer(action) ?? action
            subject = option ?? element.map { page.block(of: $0).joined(separator: " · ") } ?? action
            switch verb {
            case "click": gerund = "clicking '\(name)'"
            case "type": gerund = "typing into '\(name)'"
            case "select": gerund = "choosing '\(name)'"
            case "stop": gerund = ActionText.stopAnswer(action).map { "answering '\($0)'" } ?? "stopping"
            case "scroll": gerund = "scrolling"
            default: gerund = "taking '\(action)'"
            }
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
