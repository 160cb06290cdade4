import ArborCore
import ArborStore
import ArborStorePostgres
import Foundation
import Logging
import PostgresNIO

/// Measures the writer on a PostgreSQL server against the server's own bulk load, in the same run with the same
/// client: `COPY` of the same event and blob rows into tables made like the store's (same columns, keys and indexes)
/// in one transaction. Then how soon a follower on another connection sees what the writer records (LISTEN/NOTIFY).
/// `arbor bench store --db postgresql://…` prints it. The runs it records are deleted afterwards, and the reference's
/// tables dropped; the blobs stay, as blobs are shared by every run.
public enum PostgresStoreBenchmark {
    /// Figures from one run of the benchmark.
    public struct Report: Sendable {
        public var events: Int
        /// Rows per second through `COPY … FROM STDIN`, rows encoded beforehand, in one transaction.
        public var copyRate: Double
        /// Events per second through ``RunRecorder``, from the first append to `finish` returning.
        public var writerRate: Double
        /// Append-to-delivery latencies of a follower on another connection.
        public var follow: TailBenchmark.Report
    }

    public static func run(events count: Int, followEvents: Int, url: String) async throws -> Report {
        let location = try PostgresLocation(url: url)
        var search = SyntheticSearch(seed: 42)
        let log = (0..<count).map { _ in search.next() }

        let store = try PostgresRunStore.open(location)
        defer { store.close() }
        let clock = ContinuousClock()
        var written: RunID = 0
        let writerTime = try clock.measure {
            let recorder = try store.startRun(SyntheticSearch.runStarted(seed: 42), blobs: [])
            for (event, blobs) in log { recorder.append(event, blobs: blobs) }
            try recorder.finish()
            written = recorder.run
        }

        let copySeconds = try await copy(log, to: location)

        let viewer = try PostgresRunStore.open(location, mode: .readOnly)
        defer { viewer.close() }
        let (follow, followed) = try await TailBenchmark.run(events: followEvents, writer: store, viewer: viewer)

        let session = try PostgresSession.connect(location)
        defer { session.close() }
        for run in [written, followed] {
            for table in ["events", "episodes", "model_calls", "reflections"] {
                try session.execute("DELETE FROM \(table) WHERE run = $1", [.integer(run)])
            }
            try session.execute("DELETE FROM runs WHERE id = $1", [.integer(run)])
        }
        return Report(
            events: count, copyRate: Double(count) / copySeconds, writerRate: Double(count + 2) / writerTime.seconds,
            follow: follow)
    }

    /// The reference: the log's event rows and blob rows (each blob once) through `COPY`, in one transaction, into
    /// tables made `LIKE` the store's and dropped after. Returns the seconds from `BEGIN` to `COMMIT` returning.
    private static func copy(_ log: [(event: Event, blobs: [Blob])], to location: PostgresLocation) async throws
        -> Double
    {
        var encoder = EventEncoder()
        var events = CopyText()
        var blobs = CopyText()
        var seen: Set<BlobRef> = []
        for (index, item) in log.enumerated() {
            let stamped = StampedEvent(
                run: 1, seq: Int64(index + 2), time: 1_700_000_000 + Double(index), event: item.event, blobs: [])
            let event = encoder.encode(stamped)
            events.append([
                .integer(1), .integer(stamped.seq), .text(event.kind.rawValue),
                event.episode.map { .integer(Int64($0)) } ?? .null,
                event.node.map { .integer(Int64($0.rawValue)) } ?? .null,
                .real(stamped.time), .text(String(decoding: encoder.payload, as: UTF8.self)),
            ])
            for blob in item.blobs where seen.insert(blob.ref).inserted {
                guard let text = blob.text else { continue }
                blobs.append([.text(blob.ref.rawValue), .bytes(Array(text.utf8))])
            }
        }
        let session = try PostgresSession.connect(location)
        defer { session.close() }
        let suffix = "_copy_\(getpid())"
        try session.execute("CREATE TABLE events\(suffix) (LIKE events INCLUDING ALL)")
        try session.execute("CREATE TABLE blobs\(suffix) (LIKE blobs INCLUDING ALL)")
        defer {
            try? session.execute("DROP TABLE IF EXISTS events\(suffix)")
            try? session.execute("DROP TABLE IF EXISTS blobs\(suffix)")
        }
        let start = ContinuousClock.now
        try session.transaction { () throws(StoreError) in
            try session.copy(
                events, into: "events\(suffix)", columns: ["run", "seq", "kind", "episode", "node", "time", "payload"])
            try session.copy(blobs, into: "blobs\(suffix)", columns: ["hash", "text"])
        }
        return (ContinuousClock.now - start).seconds
    }
}
