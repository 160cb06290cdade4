import ArborCore
import TerminalKit

/// Why an episode ended, in the words the episode list and the end card use. Built from the `episodeEnded` event's
/// reason; a reason this build does not know shows as written.
struct EpisodeEnding: Equatable {
    /// A few words for the episode list: `answered`, `max steps`, `dead end` …
    var label: String
    /// A sentence for the end card.
    var sentence: String

    init(_ outcome: EpisodeEnded, maxSteps: String?) {
        switch outcome.reason {
        case .stopped:
            (label, sentence) = ("answered", "the agent stopped with an answer")
        case .terminal:
            (label, sentence) = ("terminal", "the environment reached a final state")
        case .maxSteps:
            let limit = maxSteps.map { " (\($0))" } ?? ""
            (label, sentence) = ("max steps", "the step limit\(limit) was reached without an answer")
        case .valued:
            (label, sentence) = (
                "valued", "the committed path reached a leaf valued as success, which ends the episode"
            )
        case .repeating:
            (label, sentence) = ("repeating", "the agent repeated one action past the run's repeat limit")
        case .tokens:
            (label, sentence) = ("tokens", "the token budget ran out")
        case .noActions:
            (label, sentence) = ("dead end", "a dead end: the search had no action to commit")
        case .error:
            (label, sentence) = ("error", "an error stopped it")
        case .interrupted:
            (label, sentence) = ("interrupted", "it was interrupted (the run was stopped before the episode ended)")
        case .other(let name):
            let reason = TerminalText.sanitize(name)
            (label, sentence) = (reason, "it ended: \(reason)")
        }
    }
}
