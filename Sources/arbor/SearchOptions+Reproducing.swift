import ArborCore
import ArborSearch
import ArborStore

// A recorded run's settings as the flags of `arbor run`, so a fork can start from them and change some.
extension SearchOptions {
    /// Each recorded configuration key that `arbor run` has a flag for, with that flag.
    static let recordedFlags: [(key: String, flag: String)] = [
        ("iterationsPerStep", "--iterations"), ("maxSteps", "--max-steps"), ("samples", "--samples"),
        ("branching", "--branching"), ("valueSamples", "--value-samples"), ("judgeSamplesPerOrder", "--judge-samples"),
        ("tokenBudget", "--token-budget"), ("wallClockPerStep", "--step-seconds"),
    ]

    /// Recorded choices with a flag, and the value `arbor run` takes without the flag (left out, to keep the flags
    /// short).
    static let recordedChoices: [(key: String, flag: String, default: String)] = [
        ("terminalVerdict", "--terminal-verdict", TerminalVerdict.evaluator.rawValue),
        ("lessonsFrom", "--lessons-from", LessonSource.sameEnvironment.description),
    ]

    /// How `started`'s run searched, as flags a person may edit: method, budgets, sample counts, seed.
    static func settingsFlags(of started: RunStarted) -> [String] {
        var flags = ["--method", started.method]
        for (key, flag) in recordedFlags {
            guard let value = started.config[key], value != "none" else { continue }
            // Whole numbers were recorded as Doubles by some keys ("30.0"); the flags take them either way.
            flags += [flag, value]
        }
        for (key, flag, value) in recordedChoices {
            guard let chosen = started.config[key], chosen != value else { continue }
            flags += [flag, chosen]
        }
        return flags + ["--seed", String(started.seed)]
    }

    /// Every flag needed to search as `started`'s run did: its environment and agent, then its settings.
    static func flags(reproducing started: RunStarted) -> [String] {
        var flags = ["--env", started.environment]
        if started.model == "offline" {
            flags += ["--agent", "offline"]
        } else {
            flags += ["--agent", "openai", "--model", started.model]
        }
        return flags + settingsFlags(of: started)
    }
}
