import ArgumentParser

/// `arbor bench`: benchmarks that print a figure beside a reference measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Arbor against references on this machine.",
        subcommands: [
            BenchStoreCommand.self, BenchEngineCommand.self, BenchTUICommand.self, BenchReplayCommand.self,
            BenchMiniWebCommand.self, BenchWallCommand.self, BenchWorkersCommand.self,
            BenchImagesCommand.self,
        ])
}
