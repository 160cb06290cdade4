import ArborCore
import ArborStore
import Foundation

/// The engine's per-iteration overhead, alone and recording to SQLite, beside the MCTS of `llm-reasoners` 1.0.2
/// searching the same synthetic tree in the same invocation. `arbor bench engine` runs it.
public struct EngineComparison {
    /// Tree sizes to grow, in nodes.
    public var nodes: [Int]
    /// A folder for the scratch store (removed afterwards).
    public var directory: String
    /// The Python interpreter that runs the reference script.
    public var python: String
    /// The reference script, `benchmarks/llm_reasoners_mcts.py`.
    public var script: String

    public init(nodes: [Int], directory: String, python: String, script: String) {
        self.nodes = nodes
        self.directory = directory
        self.python = python
        self.script = script
    }

    public func run() async throws {
        let reference = PythonReference(python: python, script: script).measure(sizes: nodes)
        report("engine overhead, us per iteration (select; expand 5 children; value the leaf; back up; no rollouts)")
        report("'at size' times the last 1000 iterations, as the llm-reasoners script does; 'mean' the whole growth;")
        report("'agent+env' the same agent and environment calls made without the engine (the floor under arbor)")
        report(
            pad("nodes", 9) + pad("arbor at size", 15) + pad("arbor mean", 12) + pad("agent+env", 11)
                + pad("arbor+SQLite mean", 19) + pad("llm-reasoners", 15) + "ratio (target >= 50x)")
        for size in nodes {
            let alone = await EngineBenchmark.run(nodes: size)
            let recorded = try await recordedRun(nodes: size)
            let python = reference.figures[size]
            let ratio = python.map { String(format: "%.0fx", $0 / alone.microsecondsPerIterationAtSize) } ?? "-"
            report(
                pad("\(alone.nodes)", 9) + pad(format(alone.microsecondsPerIterationAtSize), 15)
                    + pad(format(alone.microsecondsPerIteration), 12)
                    + pad(format(alone.referenceSeconds / Double(max(1, alone.iterations)) * 1e6), 11)
                    + pad(format(recorded), 19)
                    + pad(python.map(format) ?? "-", 15) + ratio)
        }
        report("target: arbor at size < 20 us per iteration at 100k nodes, without recording")
        if let problem = reference.problem { report(problem) }
    }

    /// Runs the benchmark recording to a fresh store in `directory` and returns µs per iteration, counting the wait until
    /// every event is committed.
    private func recordedRun(nodes: Int) async throws -> Double {
        let path = (directory as NSString).appendingPathComponent("arbor-bench-engine-\(getpid())-\(nodes).db")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try RunStore.open(path: path)
        defer { store.close() }
        let recorder = try store.startRun(SyntheticSearch.runStarted(seed: 1))
        let result = await EngineBenchmark.run(nodes: nodes, sink: recorder)
        let clock = ContinuousClock()
        let started = clock.now
        try recorder.finish()
        let flush = (clock.now - started).components
        let seconds = result.seconds + Double(flush.seconds) + Double(flush.attoseconds) * 1e-18
        return seconds / Double(max(1, result.iterations)) * 1e6
    }

    private func format(_ microseconds: Double) -> String { String(format: "%.2f us", microseconds) }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
