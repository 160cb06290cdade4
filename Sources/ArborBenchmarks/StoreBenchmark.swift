import ArborCore
import ArborStore
import Foundation
import GRDBSQLite

/// Measures the writer against SQLite's own insert rate on the same machine, in the same run, and the fold rate of
/// what was written. `arbor bench store` prints it.
public enum StoreBenchmark {
    /// Figures from one run of the benchmark.
    public struct Report: Sendable {
        public var events: Int
        public var payloadBytes: Int
        /// Rows per second through one prepared statement in one transaction, payloads encoded beforehand.
        public var rawRate: Double
        /// Events per second through ``RunRecorder``, from the first append to `finish` returning.
        public var writerRate: Double
        /// Events per second read back and decoded.
        public var readRate: Double
        /// Events per second through `RunState.apply`.
        public var foldRate: Double
    }

    /// Writes `events` events of a synthetic search twice, into fresh files in `directory`: raw, then through the
    /// writer. Then reads the writer's back and folds them.
    public static func run(events count: Int, directory: String) throws -> Report {
        var search = SyntheticSearch(seed: 42)
        let log = (0..<count).map { _ in search.next() }
        var buffer = JSONBuffer(capacity: 8192)
        let payloads = log.map { item -> [UInt8] in
            buffer.reset()
            buffer.payload(of: item.event)
            return buffer.bytes
        }
        let payloadBytes = payloads.reduce(0) { $0 + $1.count }

        let rawPath = directory + "/bench-raw.db"
        let writerPath = directory + "/bench-writer.db"
        for path in [rawPath, writerPath] { removeStore(path) }
        defer { for path in [rawPath, writerPath] { removeStore(path) } }

        RunStore.openForBenchmark(rawPath)
        let rawSeconds = try insertRaw(path: rawPath, log: log, payloads: payloads)

        let store = try RunStore.open(path: writerPath)
        let clock = ContinuousClock()
        var run: RunID = 0
        let writerTime = try clock.measure {
            let recorder = try store.startRun(SyntheticSearch.runStarted(seed: 42))
            for (event, blobs) in log { recorder.append(event, blobs: blobs) }
            try recorder.finish()
            run = recorder.run
        }
        var records: [EventRecord] = []
        let readTime = try clock.measure { records = try store.log(run: run) }
        var state = RunState()
        let foldTime = try clock.measure { state = try RunState(records) }
        precondition(state.eventCount == count + 2, "the fold saw \(state.eventCount) events, not \(count + 2)")
        store.close()

        return Report(
            events: count, payloadBytes: payloadBytes, rawRate: Double(count) / rawSeconds,
            writerRate: Double(count + 2) / writerTime.seconds, readRate: Double(records.count) / readTime.seconds,
            foldRate: Double(records.count) / foldTime.seconds)
    }

    private static func removeStore(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The reference: the same event and blob rows through SQLite's C API, one statement each, one transaction.
    private static func insertRaw(path: String, log: [(event: Event, blobs: [Blob])], payloads: [[UInt8]]) throws
        -> Double
    {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let db else {
            throw StoreError.sqlite(path: path, message: "cannot open for the raw benchmark")
        }
        defer { sqlite3_close_v2(db) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
                throw StoreError.sqlite(path: path, message: String(cString: sqlite3_errmsg(db)))
            }
        }
        try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        var insertEvent: OpaquePointer?
        var insertBlob: OpaquePointer?
        sqlite3_prepare_v2(
            db, "INSERT INTO events (run, seq, kind, episode, node, time, payload) VALUES (?, ?, ?, ?, ?, ?, ?)", -1,
            &insertEvent, nil)
        sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO blobs (hash, text) VALUES (?, ?)", -1, &insertBlob, nil)
        defer {
            sqlite3_finalize(insertEvent)
            sqlite3_finalize(insertBlob)
        }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let kinds = log.map { $0.event.kind.rawValue }
        let start = ContinuousClock.now
        try exec("BEGIN")
        for (i, item) in log.enumerated() {
            sqlite3_bind_int64(insertEvent, 1, 1)
            sqlite3_bind_int64(insertEvent, 2, Int64(i + 2))
            sqlite3_bind_text(insertEvent, 3, kinds[i], -1, transient)
            if let episode = item.event.episode {
                sqlite3_bind_int64(insertEvent, 4, Int64(episode))
            } else {
                sqlite3_bind_null(insertEvent, 4)
            }
            if let node = item.event.node {
                sqlite3_bind_int64(insertEvent, 5, Int64(node.rawValue))
            } else {
                sqlite3_bind_null(insertEvent, 5)
            }
            sqlite3_bind_double(insertEvent, 6, 1_700_000_000 + Double(i))
            payloads[i].withUnsafeBufferPointer {
                _ = sqlite3_bind_text(insertEvent, 7, $0.baseAddress, Int32($0.count), transient)
            }
            guard sqlite3_step(insertEvent) == SQLITE_DONE else {
                throw StoreError.sqlite(path: path, message: String(cString: sqlite3_errmsg(db)))
            }
            sqlite3_reset(insertEvent)
            for blob in item.blobs {
                guard let text = blob.text else { continue }
                sqlite3_bind_text(insertBlob, 1, blob.ref.rawValue, -1, transient)
                sqlite3_bind_text(insertBlob, 2, text, -1, transient)
                guard sqlite3_step(insertBlob) == SQLITE_DONE else {
                    throw StoreError.sqlite(path: path, message: String(cString: sqlite3_errmsg(db)))
                }
                sqlite3_reset(insertBlob)
            }
        }
        try exec("COMMIT")
        return (ContinuousClock.now - start).seconds
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

extension RunStore {
    /// Creates an empty store with Arbor's schema and closes it.
    static func openForBenchmark(_ path: String) {
        (try? RunStore.open(path: path))?.close()
    }
}
