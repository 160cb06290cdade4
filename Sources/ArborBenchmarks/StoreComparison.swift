import Foundation

/// The writer's rate beside raw SQLite inserts of the same rows, the fold rate, and how soon a tail on another
/// connection sees what the writer records. `arbor bench store` runs it.
public struct StoreComparison {
    /// How many events to write.
    public var events: Int
    /// How many events the live-tail measurement writes, in bursts.
    public var tailEvents: Int
    /// A folder for the scratch stores (removed afterwards).
    public var directory: String
    /// A PostgreSQL store to measure instead of SQLite files.
    public var url: String?

    public init(events: Int, tailEvents: Int, directory: String, url: String? = nil) {
        self.events = events
        self.tailEvents = tailEvents
        self.directory = directory
        self.url = url
    }

    /// The writer on a server beside `COPY` of the same rows, and a follower's latency by LISTEN/NOTIFY.
    private func runOnServer(_ url: String) async throws {
        let report = try await PostgresStoreBenchmark.run(events: events, followEvents: tailEvents, url: url)
        func rate(_ value: Double) -> String { String(format: "%12.0f events/s", value) }
        print("events: \(report.events), into PostgreSQL")
        print("COPY (same rows, same client, one transaction): \(rate(report.copyRate))   reference")
        print(
            "arbor writer (append -> committed):             \(rate(report.writerRate))   "
                + String(format: "%.0f%% of COPY (target >= 60%%)", report.writerRate / report.copyRate * 100))
        let follow = report.follow
        print(
            String(
                format:
                    "follow by LISTEN/NOTIFY (append -> delivered on another connection): p50 %.1f ms, p99 %.1f ms, "
                    + "max %.1f ms, %d events   target p50 <= 100 ms: ", follow.p50, follow.p99, follow.max,
                follow.events)
                + (follow.p50 <= 100 ? "ok" : "missed"))
    }

    public func run() async throws {
        if let url {
            try await runOnServer(url)
            return
        }
        let report = try StoreBenchmark.run(events: events, directory: directory)
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
        let tail = try await TailBenchmark.run(events: tailEvents, directory: directory)
        print(
            String(
                format: "live tail (append -> delivered on another connection): p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
                    + "%d events   target p99 <= 100 ms: ", tail.p50, tail.p99, tail.max, tail.events)
                + (tail.p99 <= 100 ? "ok" : "missed"))
    }
}
