import ArborBenchmarks
import ArgumentParser
import Foundation

/// `arbor bench tui`: the front end on a million-node run (open, keypress → frame, memory) and following a live
/// writer in another process (event → screen latency), each figure beside its target.
struct BenchTUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Time the front end on a synthetic million-node run and while following a live writer.",
        discussion: "Build with -c release for meaningful figures.")

    @Option(help: "Nodes in the synthetic episode.")
    var nodes = 1_000_000

    @Option(help: "Presses of each key measured.")
    var presses = 200

    @Option(help: "Seconds to follow the live writer.")
    var liveSeconds = 5.0

    @Option(help: "A folder for the live writer's scratch store (removed afterwards).")
    var dir: String = NSTemporaryDirectory()

    func validate() throws {
        guard nodes >= 1000 else { throw ValidationError("--nodes must be at least 1000.") }
        guard presses >= 10 else { throw ValidationError("--presses must be at least 10.") }
    }

    func run() async throws {
        try await TUIBenchmark(
            nodes: nodes, presses: presses, liveSeconds: liveSeconds, directory: dir,
            library: { StoreLibrary(store: $0, location: $0.path) }
        ).run()
    }
}
