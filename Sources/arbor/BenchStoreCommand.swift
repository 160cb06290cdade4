import ArborBenchmarks
import ArborStorePostgres
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
            delivers each event within 100 ms of its append. With --db postgresql://…: the writer beside COPY of the \
            same rows (target >= 60%), and a follower's latency by LISTEN/NOTIFY (target p50 <= 100 ms).
            """)

    @Option(help: "How many events to write.")
    var events = 1_000_000

    @Option(help: "A folder for the two scratch stores (removed afterwards).")
    var dir: String = NSTemporaryDirectory()

    @Option(name: .customLong("tail-events"), help: "How many events the live-tail measurement writes, in bursts.")
    var tailEvents = 6_000

    @Option(
        help: """
            Measure a PostgreSQL store instead: postgresql://user@host/database (a scratch database: the runs it \
            records are deleted after, their blobs stay).
            """)
    var db: String?

    func validate() throws {
        if let db, !PostgresLocation.isURL(db) {
            throw ValidationError("--db takes a postgresql:// URL; the SQLite measurement uses scratch files in --dir")
        }
        guard events >= 1000 else { throw ValidationError("--events must be at least 1000.") }
        guard tailEvents >= 100 else { throw ValidationError("--tail-events must be at least 100.") }
    }

    func run() async throws {
        try await StoreComparison(events: events, tailEvents: tailEvents, directory: dir, url: db).run()
    }
}
