import ArborStore
import ArgumentParser
import Foundation

/// `arbor bench store`: the writer's rate beside raw SQLite inserts of the same rows, the fold rate, and how soon a
/// tail on another connection sees what the writer records.
struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Write N synthetic events through the store's writer and through raw sqlite3; fold them back.",
        discussion: """
            Build with -c release for meaningful figures. Targets: writer >= 70% of raw; fold >= 1M/s; a live tail \
            delivers each event within 100 ms of its append.
            """)

    @Option(help: "How many events to write.")
    var events = 1_000_000

    @Option(help: "A folder for the two scratch stores (removed afterwards).")
    var dir: String = NSTemporaryDirectory()

    @Option(name: .customLong("tail-events"), help: "How many events the live-tail measurement writes, in bursts.")
    var tailEvents = 6_000

    func validate() throws {
        guard events >= 1000 else { throw ValidationError("--events must be at least 1000.") }
        guard tailEvents >= 100 else { throw ValidationError("--tail-events must be at least 100.") }
    }

    func run() async throws {
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
        let tail = try await TailBenchmark.run(events: tailEvents, directory: dir)
        print(
            String(
                format: "live tail (append -> delivered on another connection): p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
                    + "%d events   target p99 <= 100 ms: ", tail.p50, tail.p99, tail.max, tail.events)
                + (tail.p99 <= 100 ? "ok" : "missed"))
    }
}
