import ArborBenchmarks
import ArgumentParser

/// `arbor bench replay`: seeking in a replay of a million-event run, from the key that asks to the drawn frame,
/// beside the reference a timeline without checkpoints would pay: folding the log from its start.
struct BenchReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Time seeks along a replayed run of a million events, beside a fold from the start.",
        discussion: "Build with -c release for meaningful figures.")

    @Option(help: "Nodes in the synthetic run (about one event per node).")
    var nodes = 1_000_000

    @Option(
        help:
            "Episodes the nodes are spread over: 1 is one huge tree, the worst case for checkpoints; a real run of a million events has hundreds."
    )
    var episodes = 1

    @Option(help: "Seeks measured, to positions drawn at random.")
    var seeks = 100

    func validate() throws {
        guard nodes >= 1000 else { throw ValidationError("--nodes must be at least 1000.") }
        guard seeks >= 10 else { throw ValidationError("--seeks must be at least 10.") }
        guard (1...nodes / 100).contains(episodes) else {
            throw ValidationError("--episodes must be from 1 to \(nodes / 100) (at least 100 nodes each).")
        }
    }

    func run() throws {
        try ReplayBenchmark(nodes: nodes, episodes: episodes, seeks: seeks).run()
    }
}
