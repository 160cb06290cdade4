import ArborCore
import ArborModels
import Foundation

/// One observation about a state that bears on whether the task will be completed: positive `weight` supports,
/// negative opposes. `line` is the page line it rests on, for the debaters to cite.
struct EvidencePoint: Sendable, Equatable {
    var claim: String
    var line: String
    var weight: Double
}

/// The offline agent's judgement of progress, from the task, the page and the actions so far: a value in [0, 1]
/// and the evidence behind it. It reads more carefully than the policy (colours in description lines, sort order,
/// sponsored rows, whether an answer came from a sorted list), which is why evaluation can catch the policy's traps.
struct ProgressEvidence {
    let task: TaskReading
    let page: WebPage
    let previousActions: [String]

    var points: [EvidencePoint] {
        var out: [EvidencePoint] = []
        let reading = AnswerReading(task: task, page: page, careful: true)
        let subject = page.heading + " " + page.tab
        let onSubject = reading.subjectMatch(subject)
        let headingLine = page.lines.first { $0.hasPrefix("heading") } ?? page.lines.first ?? ""

        if onSubject >= 0.5 {
            out.append(
                EvidencePoint(
                    claim: "the page is about what the task names", line: headingLine, weight: 0.3 * onSubject))
        } else if !previousActions.isEmpty {
            out.append(EvidencePoint(claim: "the page does not name the task's item", line: headingLine, weight: -0.1))
        }

        // A detail page whose title adds words to the item the task names is a near miss (a helmet, not the bike).
        let extra = reading.trailingExtras(page.heading)
        if onSubject >= 0.5, !page.heading.hasPrefix("Results"), !extra.isEmpty {
            out.append(
                EvidencePoint(
                    claim: "the title adds \(extra.joined(separator: ", ")) to what the task names", line: headingLine,
                    weight: -0.45))
        }

        let colourLine = page.field("Colour").map { "Colour: \($0.value)" } ?? page.heading
        let wrong = task.contradictions(in: colourLine)
        if !wrong.isEmpty {
            out.append(
                EvidencePoint(
                    claim: "the item is \(wrong.joined(separator: "/")), not what the task asks for", line: colourLine,
                    weight: -0.35))
        }

        for (index, text) in page.entries where text.lowercased().contains("sponsored") {
            if reading.subjectMatch(text) >= 0.5 {
                out.append(
                    EvidencePoint(
                        claim: "a sponsored row imitates the item; it is not a real match", line: page.lines[index],
                        weight: -0.05))
                break
            }
        }

        let notice = page.lineTexts.first { $0.hasPrefix("Notice:") }
        if let notice {
            out.append(NoticeReading(task: task, notice: notice).point)
        }
        if task.goal != .answer, previousActions.last == "stop",
            notice.map({ NoticeReading(task: task, notice: $0).confirms }) != true
        {
            out.append(
                EvidencePoint(
                    claim: "the agent stopped before the site confirmed the change", line: page.heading,
                    weight: -0.35))
        }

        if page.lineTexts.contains(where: { $0.hasPrefix("No results") }) {
            out.append(EvidencePoint(claim: "the search found nothing", line: "No results", weight: -0.25))
        }

        if task.extreme != nil, page.elements.contains(where: { $0.role == "combobox" && $0.name == "Sort by" }) {
            if reading.sortMatchesTask() {
                out.append(
                    EvidencePoint(claim: "the list is sorted the way the task needs", line: "Sort by", weight: 0.15))
            } else {
                out.append(
                    EvidencePoint(claim: "the list is not sorted for this question", line: "Sort by", weight: -0.12))
            }
        }

        if task.goal == .answer {
            out += answerPoints(reading)
        }
        return out
    }

    private func answerPoints(_ reading: AnswerReading) -> [EvidencePoint] {
        let answers = reading.candidates()
        if let last = previousActions.last, last.hasPrefix("stop") {
            let given = ActionText.stopAnswer(last) ?? ""
            if let match = answers.first(where: { Self.same($0.answer, given) }) {
                let weight = match.caveat == nil ? 0.7 * match.confidence : 0.1 * match.confidence
                var out = [
                    EvidencePoint(
                        claim: "the answer \(given) is shown for the task's item", line: match.line, weight: weight)
                ]
                if let caveat = match.caveat {
                    out.append(EvidencePoint(claim: "but \(caveat)", line: match.line, weight: -0.45))
                }
                // A superlative read off a list that is not sorted for it: a careful reader lets it pass when the list
                // looks complete (it barely weighs), and a value lesson learned from such an answer names it.
                if task.extreme != nil, !reading.sortMatchesTask(), ActionCandidates.isListRow(match.line) {
                    out.append(
                        EvidencePoint(
                            claim: Self.unsortedAnswerClaim, line: match.line, weight: Self.unsortedAnswerWeight))
                }
                return out
            }
            return [
                EvidencePoint(claim: "the answer \(given) is not backed by the page", line: page.heading, weight: -0.45)
            ]
        }
        guard let best = answers.first else { return [] }
        if let caveat = best.caveat {
            return [
                EvidencePoint(claim: "the page shows \(best.answer), but \(caveat)", line: best.line, weight: -0.15)
            ]
        }
        return [
            EvidencePoint(
                claim: "the page shows \(best.answer), which may answer the task", line: best.line,
                weight: 0.3 * best.confidence)
        ]
    }

    /// The point an answer read from an unsorted list raises; its last word is the policy's mark for such answers.
    static let unsortedAnswerClaim = "the answer was read from a list in an \(ActionCandidates.unsortedMark) order"
    static let unsortedAnswerWeight = -0.02

    private static func same(_ a: String, _ b: String) -> Bool {
        Terms.words(a) == Terms.words(b)
    }

    /// The evidence summed onto a low prior, kept inside (0, 1).
    var value: Double { Self.value(of: points) }

    /// Some points summed onto the low prior, kept inside (0, 1).
    static func value(of points: [EvidencePoint]) -> Double {
        min(0.97, max(0.03, 0.2 + points.reduce(0) { $0 + $1.weight }))
    }

    /// Value reflections that name a piece of evidence this state also shows shift the estimate by their
    /// `valueShift`: a lesson says which evidence the value under- or over-weighed, and applies where that evidence
    /// is seen again, on any task.
    func shift(from reflections: [Reflection]) -> (shift: Double, used: [Reflection]) {
        var shift = 0.0
        var used: [Reflection] = []
        for reflection in reflections where !named(by: reflection).isEmpty {
            shift += reflection.hint.valueShift
            used.append(reflection)
        }
        return (shift, used)
    }

    /// The points of this state a value lesson names: against progress for a disappointment (`avoid`), for it after
    /// a pleasant surprise (`prefer`).
    func named(by reflection: Reflection) -> [EvidencePoint] {
        guard reflection.kind == .value, reflection.hint.valueShift != 0 else { return [] }
        let against = reflection.hint.valueShift < 0
        let terms = against ? reflection.hint.avoid : reflection.hint.prefer
        let triggers = terms.map(Terms.words).filter { !$0.isEmpty }
        return points.filter { point in
            guard against ? point.weight < 0 : point.weight > 0 else { return false }
            let claim = Set(Terms.words(point.claim))
            return triggers.contains { $0.allSatisfy(claim.contains) }
        }
    }

    /// The claim a value lesson about this state names: the strongest point against progress when the state
    /// disappointed (what was under-weighed), the strongest point for it otherwise; without the words of the task, the
    /// action and the page line it rests on (an item, an answer, a colour), so that it matches the same evidence on
    /// other tasks.
    func lessonClaim(disappointed: Bool) -> String? {
        let side = points.filter { disappointed ? $0.weight < 0 : $0.weight > 0 }
        let fallback = points.filter { disappointed ? $0.weight > 0 : $0.weight < 0 }
        guard let point = (side.isEmpty ? fallback : side).max(by: { abs($0.weight) < abs($1.weight) }) else {
            return nil
        }
        let specific = Set(Terms.words(([task.text, point.line] + previousActions).joined(separator: " ")))
        let general = Terms.content(point.claim).filter { !specific.contains($0) && $0.first?.isNumber != true }
        return general.isEmpty ? nil : general.joined(separator: " ")
    }
}

/// Small readings of action texts shared by the roles.
enum ActionText {
    /// The answer of `stop "…"`, or nil.
    static func stopAnswer(_ action: String) -> String? {
        action.hasPrefix("stop") ? quoted(action) : nil
    }

    /// The quoted text of an action (`select [5] "Yellow"` → Yellow), or nil.
    static func quoted(_ action: String) -> String? {
        guard let open = action.firstIndex(of: "\""), let close = action.lastIndex(of: "\""), open < close else {
            return nil
        }
        return String(action[action.index(after: open)..<close])
    }

    /// The element id of `click [12]`, `type [3] "…"`, `select [5] "…"`.
    static func elementID(_ action: String) -> Int? {
        guard let open = action.firstIndex(of: "["), let close = action.firstIndex(of: "]"), open < close else {
            return nil
        }
        return Int(action[action.index(after: open)..<close])
    }
}
