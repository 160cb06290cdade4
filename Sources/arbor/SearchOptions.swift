import ArborCore
import ArborEnvironments
import ArborModels
import ArborSearch
import ArgumentParser

/// The options that say what to search and how: shared by `arbor run` and `arbor demo`.
struct SearchOptions: ParsableArguments {
    @Option(help: "The environment: \(EnvironmentCatalog.names.joined(separator: ", ")).")
    var env = "miniweb"

    @Option(help: "Which tasks: train or test.")
    var split: TaskSplit = .test

    @Option(help: "How many tasks of the split to run (from the first).")
    var tasks = 10

    @Option(help: "The search: \(SearchMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: SearchMethod = .rmctsDebate

    @Option(help: "The agent that plays every role: offline.")
    var agent = "offline"

    @Option(help: "Seed for the environment's content and the agent's noise.")
    var seed: UInt64 = 7

    @Option(help: "Search iterations per real step.")
    var iterations = 20

    @Option(name: .customLong("max-steps"), help: "Real steps per episode at most.")
    var maxSteps = 5

    @Option(help: "Policy samples per expansion (n).")
    var samples = 20

    @Option(help: "Children kept per expansion (b).")
    var branching = 5

    @Option(name: .customLong("value-samples"), help: "Judgements per single-agent evaluation.")
    var valueSamples = 20

    @Option(name: .customLong("judge-samples"), help: "Judge samples per argument order in a debate.")
    var judgeSamples = 10

    @Option(name: .customLong("token-budget"), help: "Stop an episode's search after this many model tokens.")
    var tokenBudget: Int?

    @Option(name: .customLong("step-seconds"), help: "Wall-clock budget per real step, in seconds.")
    var stepSeconds: Double?

    @Option(help: "Seconds each agent call waits first, to watch a fast agent search at a human pace (default 0).")
    var pace = 0.0

    func validate() throws {
        guard pace >= 0, pace <= 10 else { throw ValidationError("--pace must be between 0 and 10 seconds") }
        guard EnvironmentCatalog.names.contains(env) else {
            throw ValidationError(
                "unknown environment '\(env)'; choose one of: \(EnvironmentCatalog.names.joined(separator: ", "))")
        }
        guard agent == "offline" else { throw ValidationError("unknown agent '\(agent)'; choose one of: offline") }
        guard tasks >= 1 else { throw ValidationError("--tasks must be 1 or more") }
        guard iterations >= 1, maxSteps >= 1, samples >= 1, branching >= 1, valueSamples >= 1, judgeSamples >= 1 else {
            throw ValidationError("--iterations, --max-steps, --samples, --branching and the sample counts must be 1 or more")
        }
    }

    var config: SearchConfig {
        var config = SearchConfig(method: method)
        config.iterationsPerStep = iterations
        config.maxSteps = maxSteps
        config.samples = samples
        config.branching = branching
        config.valueSamples = valueSamples
        config.judgeSamplesPerOrder = judgeSamples
        config.tokenBudget = tokenBudget
        config.wallClockPerStep = stepSeconds
        return config
    }

    /// The tasks to run, or a clear error when the split has fewer.
    func taskList() throws -> [TaskSpec] {
        let all = try EnvironmentCatalog.tasks(name: env, seed: seed, split: split)
        return Array(all.prefix(tasks))
    }

    func makeAgent() -> any Agent {
        let agent = OfflineAgent(seed: seed)
        return pace > 0 ? PacedAgent(agent: agent, pause: .milliseconds(Int(pace * 1000))) : agent
    }

    var runStarted: RunStarted {
        RunStarted(environment: env, model: makeAgent().model, method: method.rawValue, seed: seed, config: config.flattened)
    }

    func environmentFactory() -> RunDriver.EnvironmentFactory {
        let name = env
        let seed = seed
        return { _ in try EnvironmentCatalog.make(name: name, seed: seed) }
    }
}

extension TaskSplit: ExpressibleByArgument {}
extension SearchMethod: ExpressibleByArgument {}
