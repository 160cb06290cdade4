import ArborBenchmarks
import ArgumentParser
import Foundation

/// `arbor bench engine`: the engine's per-iteration overhead, alone and recording to SQLite, beside the MCTS of
/// `llm-reasoners` 1.0.2 searching the same synthetic tree in the same invocation.
struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Time Arbor's engine on a synthetic tree beside llm-reasoners' MCTS on the same tree.",
        discussion: """
            Build with -c release for meaningful figures. Targets: >= 50x lower per-iteration overhead than \
            llm-reasoners; < 20 us/iteration at 100k nodes without recording.
            """)

    @Option(parsing: .upToNextOption, help: "Tree sizes to grow, in nodes.")
    var nodes: [Int] = [10_000, 100_000]

    @Option(help: "A folder for the scratch store (removed afterwards).")
    var dir: String = NSTemporaryDirectory()

    @Option(help: "The Python interpreter that runs benchmarks/llm_reasoners_mcts.py.")
    var python = "python3"

    @Option(help: "The reference script.")
    var script = "benchmarks/llm_reasoners_mcts.py"

    func validate() throws {
        guard !nodes.isEmpty, nodes.allSatisfy({ $0 >= 100 }) else {
            throw ValidationError("--nodes takes sizes of at least 100 nodes.")
        }
    }

    func run() async throws {
        try await EngineComparison(nodes: nodes, directory: dir, python: python, script: script).run()
    }
}
