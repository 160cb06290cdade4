import ArborCore

/// Which earlier runs' lessons a new run starts with: by default those of runs on the same environment, so a lesson
/// learned on one benchmark does not reach another's prompts.
public enum LessonSource: Sendable, Equatable, CustomStringConvertible {
    /// Runs recorded with the same `--env` as the new run.
    case sameEnvironment
    /// Every run in the file.
    case all
    /// No earlier run: the run starts without lessons.
    case none
    /// These runs only.
    case runs([RunID])

    /// `same-env`, `all`, `none`, or run numbers separated by commas (`3,5`).
    public init?(argument: String) {
        switch argument {
        case "same-env": self = .sameEnvironment
        case "all": self = .all
        case "none": self = .none
        default:
            let runs = argument.split(separator: ",").map { RunID($0.trimmingCharacters(in: .whitespaces)) }
            guard !runs.isEmpty, runs.allSatisfy({ $0 != nil && $0! > 0 }) else { return nil }
            self = .runs(runs.compactMap { $0 })
        }
    }

    public var description: String {
        switch self {
        case .sameEnvironment: "same-env"
        case .all: "all"
        case .none: "none"
        case .runs(let runs): runs.map(String.init).joined(separator: ",")
        }
    }
}
