import ArborCore
import ArborSearch
import ArborStore

// A recorded run's settings as the flags of `arbor run`, so a fork can start from them and change some.
extension SearchOptions {
    /// Each recorded configuration key that `arbor run` has a flag for, with that flag.
    static let recordedFlags: [(key: String, flag: String)] = [
        ("iterationsPerStep", "--iterations"), ("maxSteps", "--max-steps"), ("samples", "--samples"),
        ("branching", "--branching"), ("valueSamples", "--value-samples"), ("judgeSamplesPerOrder", "--judge-samples"),
        ("tokenBudget", "--token-budget"), ("wallClockPerStep", "--step-seconds"), ("simulations", "--simulations"),
        ("environments", "--environments"),
    ]

    /// Recorded choices and rules with a flag: key, the value `arbor run` takes without the flag, and the flags that
    /// set the recorded value. Given only when the run did not keep the default, so the fork prompt stays short.
    static let recordedRules: [(key: String, defaultValue: String, flags: @Sendable (String) -> [String])] = [
        ("reflection.successSource", "estimate", { ["--reflect-on", $0] }),
        ("repeatLimit", "5", { ["--repeat-limit", $0] }),
        ("searchHorizon", "true", { _ in ["--no-search-horizon"] }),
        ("endOnSuccessPath", "true", { _ in ["--no-end-on-success"] }),
        ("terminalVerdict", TerminalVerdict.evaluator.rawValue, { ["--terminal-verdict", $0] }),
        ("stepRewardWeight", "0.0", { ["--step-reward-weight", $0] }),
        ("lessonsFrom", LessonSource.sameEnvironment.description, { ["--lessons-from", $0] }),
    ]

    /// How `started`'s run searched, as flags a person may edit: method, budgets, sample counts, seed.
    static func settingsFlags(of started: RunStarted) -> [String] {
        var flags = ["--method", started.method]
        for (key, flag) in recordedFlags {
            guard let value = started.config[key], value != "none" else { continue }
            // Whole numbers were recorded as Doubles by some keys ("30.0"); the flags take them either way.
            flags += [flag, value]
        }
        for (key, defaultValue, given) in recordedRules {
            guard let value = started.config[key], value != defaultValue else { continue }
            flags += given(value)
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
