import ArborBenchmarks
import ArgumentParser

/// `arbor bench images`: a 1280×720 screenshot decoded and drawn as symbols in 60×20 cells, and keypress → frame on
/// nodes with screenshots beside the same without, each figure beside its target.
struct BenchImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Time drawing screenshots as symbols, and what they add to a keypress's frame.",
        discussion: "Build with -c release for meaningful figures; the report says which build it is.")

    @Option(help: "Times each measurement is repeated.")
    var repeats = 50

    func validate() throws {
        guard repeats >= 5 else { throw ValidationError("--repeats must be at least 5.") }
    }

    func run() throws {
        try ImagesBenchmark(repeats: repeats).run()
    }
}
