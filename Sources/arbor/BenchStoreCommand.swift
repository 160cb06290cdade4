import ArborStore
import ArgumentParser
import Foundation

/// `arbor bench store`: the writer's rate beside raw SQLite inserts of the same rows, and the fold rate.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Write N synthetic events through the store's writer and through raw sqlite3; fold them back.",
        discussion: "Build with -c release for meaningful figures. Targets: writer >= 70% of raw; fold >= 1M/s.")

    @Option(help: "How many events to write.")
    var events = 1_000_000

    @Option(help: "A folder for the two scratch stores (removed afterwards).")
    var dir: String = NSTemporaryDirectory()

    func validate() throws {
        guard events >= 1000 else { throw ValidationError("--events must be at least 1000.") }
    }

    func run() throws {
        let report = try StoreBenchmark.run(events: events, directory: dir)
        func rate(_ value: Double) -> String { String(format: "%12.0f events/s", value) }
        print("events: \(report.events), payload JSON \(report.payloadBytes / report.events) bytes on average")
        print("raw sqlite3 (one statement, one transaction): \(rate(report.rawRate))   reference")
        print(
            "arbor writer (append -> committed):           \(rate(report.writerRate))   "
                + String(format: "%.0f%% of raw (target >= 70%%)", report.writerRate / report.rawRate * 100))
        print("read back and decode:                         \(rate(report.readRate))")
        print(
            "fold (RunState.apply):                        \(rate(report.foldRate))   "
                + String(format: "%.2fx the 1M/s target", report.foldRate / 1_000_000))
    }
}
