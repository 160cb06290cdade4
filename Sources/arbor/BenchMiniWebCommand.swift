import ArborCore
import ArborEnvironments
import ArborSearch
import ArgumentParser
import Foundation

/// `arbor bench miniweb`: the four search methods on the same tasks and seeds with the offline agent, side by side.
struct BenchMiniWebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "miniweb",
        abstract: "Run greedy, mcts, rmcts and rmcts-debate on the same tasks and print their success side by side.",
        discussion: """
            Every method sees the same tasks, the same environment seed and the same agent noise; events go to a sink \
            that keeps only totals. The reflecting methods learn lessons as they go, each from its own copy of the \
            lessons learned by --train (rmcts on that many train tasks first). --method is ignored: use --methods.
            """)

    @OptionGroup var search: SearchOptions

    @Option(help: "The methods to compare, comma-separated.")
    var methods = SearchMethod.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Train tasks rmcts runs first so that lessons exist before the test tasks (0 for none).")
    var train = 0

    @Option(help: "How many episodes run at once, each with its own environment.")
    var parallel = 1

    @Flag(help: "Print a line as each episode ends.")
    var verbose = false

    func validate() throws {
        guard train >= 0 else { throw ValidationError("--train must be 0 or more") }
        guard parallel >= 1 else { throw ValidationError("--parallel must be 1 or more") }
        _ = try methodList()
    }

    func run() async throws {
        let tasks = try search.taskList()
        Output.text(
            "bench \(search.env) (\(search.split.rawValue), \(tasks.count) tasks) · seed \(search.seed) · "
                + "iterations \(search.iterations) · samples \(search.samples) · value samples \(search.valueSamples) "
                + "· judge samples \(search.judgeSamples) · max steps \(search.maxSteps)")
        var lessons: [Reflection] = []
        if train > 0 {
            let trainTasks = Array(
                try EnvironmentCatalog.tasks(name: search.env, seed: search.seed, split: .train).prefix(train))
            let memory = ReflectionMemory()
            let row = try await measure(.rmcts, trainTasks, memory: memory)
            lessons = memory.reflections
            Output.text(
                "train: rmcts on \(trainTasks.count) train tasks, \(row.successes) solved, \(lessons.count) lessons")
        }
        Output.text("")
        Output.text(ResultRow.header)
        for method in try methodList() {
            let row = try await measure(method, tasks, memory: ReflectionMemory(lessons))
            Output.text(row.line)
        }
    }

    private func methodList() throws -> [SearchMethod] {
        try methods.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let method = SearchMethod(rawValue: trimmed) else {
                throw ValidationError(
                    "unknown method '\(trimmed)'; choose from: "
                        + SearchMethod.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return method
        }
    }

    /// One method over the tasks, from episode 0, so every method draws the same noise for the same episode.
    private func measure(_ method: SearchMethod, _ tasks: [TaskSpec], memory: ReflectionMemory) async throws
        -> ResultRow
    {
        var config = search.config
        config.method = method
        let verbose = verbose
        let progress = ProgressSink(forwardingTo: DiscardingSink(), total: tasks.count) { line in
            if verbose { Output.text("  \(method.rawValue) \(line)") }
        }
        let driver = RunDriver(
            config: config, agent: try search.makeAgent(), sink: progress, memory: memory, parallel: parallel,
            environment: search.environmentFactory())
        let started = Date()
        _ = await driver.run(tasks)
        let t = progress.totals
        return ResultRow(
            method: method.rawValue, episodes: t.episodes, successes: t.successes, steps: t.steps, calls: t.calls,
            tokens: t.tokens, seconds: Date().timeIntervalSince(started))
    }
}
