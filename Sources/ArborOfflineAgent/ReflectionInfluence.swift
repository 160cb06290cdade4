import ArborCore
import ArborModels

/// How retrieved policy lessons change the offline policy's choices: a candidate whose subject holds a lesson's
/// `prefer` term is raised, one holding an `avoid` term is lowered, and its reason says which lesson moved it.
enum ReflectionInfluence {
    static let preferBonus = 1.5
    static let avoidPenalty = 2.5
    /// A general term marks what the agent's own reading found on the page (an unasked filter, an answer off an
    /// unsorted list), so a lesson naming one is sure of its target and steers harder than one naming an item's word.
    static let generalAvoidPenalty = 5.0

    static func apply(_ reflections: [Reflection], to candidates: [ActionCandidate], task: String) -> [ActionCandidate]
    {
        let lessons = reflections.filter { $0.kind == .policy }
        guard !lessons.isEmpty else { return candidates }
        let taskWords = Set(Terms.words(task))
        return candidates.map { candidate in
            var c = candidate
            let words = Set(Terms.words(c.subject))
            for lesson in lessons {
                let lessonWords = Set(Terms.words(lesson.task))
                // A lesson generalises through its general terms ("sort", "sponsored"): a term that names its own
                // task's item ("furniture") is preferred only for a task that names it too, and a term is never
                // avoided on a task that asks for it (a colour the task names).
                let prefer = lesson.hint.prefer.filter { !matches($0, lessonWords) || matches($0, taskWords) }
                let avoid = lesson.hint.avoid.filter { term in
                    !matches(term, taskWords) && applies(avoiding: term, lessonTask: lessonWords, task: taskWords)
                }
                if let term = avoid.first(where: { matches($0, words) }) {
                    c.score -= generalTerms.contains(term) ? generalAvoidPenalty : avoidPenalty
                    c.reason += "; a lesson says to avoid '\(term)'"
                } else if !words.contains(ActionCandidates.unaskedMark),
                    let term = prefer.first(where: { matches($0, words) })
                {
                    c.score += preferBonus
                    c.reason += "; a lesson says to prefer '\(term)'"
                }
            }
            return c
        }
    }

    /// Terms a lesson draws from the agent's own reading of pages, not from any item: they apply on every task.
    static let generalTerms: Set<String> = [
        "sort", "sponsored", ActionCandidates.unsortedMark, ActionCandidates.unaskedMark,
    ]

    /// Whether a term to avoid reaches this task: a general term everywhere; a colour where the task asks for a
    /// colour (a wrong colour is wrong only against a wanted one); an item's word ("trek", "helmet") only where the
    /// task shares an item word with the lesson's task, since a near miss for a bike task says nothing about a sofa.
    private static func applies(avoiding term: String, lessonTask: Set<String>, task: Set<String>) -> Bool {
        if generalTerms.contains(term) { return true }
        if Terms.colours.contains(term) { return !task.isDisjoint(with: Terms.colours) }
        let shared = lessonTask.intersection(task).filter {
            !Terms.stopwords.contains($0) && !AnswerReading.cues.contains($0) && $0.count > 1
        }
        return !shared.isEmpty
    }

    /// Every word of a (possibly several-word) term appears in the candidate's subject.
    private static func matches(_ term: String, _ words: Set<String>) -> Bool {
        let termWords = Terms.words(term)
        return !termWords.isEmpty && termWords.allSatisfy(words.contains)
    }
}
