import ArborCore
import Foundation
import GRDB

/// One SQLite file holding many runs: each run an append-only event log, plus the tables derived from it.
///
/// Open it for writing (one store per process is enough: several runs are written at once through its one writer
/// connection) or read-only (viewers). Opening checks the file first and refuses, changing nothing, a file that is
/// newer, foreign, damaged or not SQLite at all.
public final class RunStore: Sendable {
    /// Whether a store records runs or only shows them.
    public enum Mode: Sendable {
        case write
        case readOnly
    }

    public let path: String
    public let mode: Mode
    private let connection: Connection
    private let writer: BatchWriter?
    private let clock: @Sendable () -> Double

    /// Seconds since 1970, the time every event is stamped with unless a test gives another clock.
    public static let wallClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    /// A writer's pool is fixed; a viewer's may change under it (see ``ViewerConnection``).
    private enum Connection {
        case writer(DatabasePool)
        case viewer(ViewerConnection)
    }

    /// The pool to read (or, writing, to write) through.
    var pool: DatabasePool {
        get throws {
            switch connection {
            case .writer(let pool): pool
            case .viewer(let viewer): try viewer.pool()
            }
        }
    }

    private init(
        path: String, mode: Mode, connection: Connection, writer: BatchWriter?,
        clock: @escaping @Sendable () -> Double
    ) {
        self.path = path
        self.mode = mode
        self.connection = connection
        self.writer = writer
        self.clock = clock
    }

    /// Opens the store at `path`, creating it when writing and there is no file, and migrating an older Arbor
    /// file. A writer marks `interrupted` every run left `running` by a process that is gone.
    public static func open(
        path: String, mode: Mode = .write, clock: @escaping @Sendable () -> Double = RunStore.wallClock
    ) throws(StoreError) -> RunStore {
        // A writer inspects, creates and migrates the file under its folder's lock (see CreationLock).
        let lock = mode == .write ? CreationLock(folderOf: path) : nil
        defer { lock?.release() }
        let found = try StoreFile.inspect(path: path, forWriting: mode == .write)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "arbor.store"
        switch mode {
        case .readOnly:
            switch found {
            case .absent: throw .missing(path: path)
            case .empty: throw .empty(path: path)
            // An older file is read as it is: later migrations only add what writers use (v2: the response cache),
            // and a viewer must not change the file it views, nor leave anything beside it.
            case .arbor: break
            }
            do {
                let viewer = try ViewerConnection(path: path)
                return RunStore(path: path, mode: mode, connection: .viewer(viewer), writer: nil, clock: clock)
            } catch {
                throw .sqlite(path: path, failure: error)
            }
        case .write:
            // NORMAL is durable across a crash of this process; only a power loss can take the last commits.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try Schema.migrator.migrate(pool)
                let writer = BatchWriter(committer: SQLiteBatchCommitter(pool: pool, path: path), clock: clock)
                let store = RunStore(path: path, mode: mode, connection: .writer(pool), writer: writer, clock: clock)
                try store.markInterruptedRuns()
                writer.start()
                return store
            } catch let error as StoreError {
                throw error
            } catch {
                throw .sqlite(path: path, failure: error)
            }
        }
    }

    deinit { writer?.stop() }

    /// Commits what is pending, stops the writer and closes the file; the store cannot be used after.
    public func close() {
        writer?.stop()
        writer?.checkpoint()
        // GRDB closes the writer's connection before the readers'; the last connection to close a WAL file removes
        // `-wal` and `-shm` only if it can write, so the readers go first (GRDB issue 739).
        try? pool.invalidateReadOnlyConnections()
        try? pool.close()
    }

    /// Starts recording a run: writes its `runs` row and its `runStarted` event (seq 1) before returning, so readers
    /// see the run at once. The recorder appends the rest.
    /// `blobs` are the texts `started` refers to (its prompt templates), stored with it.
    public func startRun(_ started: RunStarted, blobs: [Blob] = []) throws(StoreError) -> RunRecorder {
        guard let writer else { throw .readOnly(path: path) }
        let time = clock()
        let identity = WriterIdentity.current()
        let configText = started.configJSON
        do {
            let run = try pool.write { db -> RunID in
                try db.execute(
                    sql: """
                        INSERT INTO runs (started_at, status, environment, model, method, seed, config, parent_run,
                        parent_episode, parent_node, format_version, writer_pid, writer_token, heartbeat_at, last_seq)
                        VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                        """,
                    arguments: [
                        time, started.environment, started.model, started.method, String(started.seed), configText,
                        started.parent?.run, started.parent?.episode, started.parent?.node.rawValue,
                        started.formatVersion, Int(identity.pid), identity.token, time,
                    ])
                let run = db.lastInsertedRowID
                var rows = try EventRows(db)
                try rows.write(StampedEvent(run: run, seq: 1, time: time, event: .runStarted(started), blobs: blobs))
                return run
            }
            writer.register(run: run, nextSeq: 2)
            return RunRecorder(run: run, writer: writer)
        } catch {
            throw .sqlite(path: path, failure: error)
        }
    }

    /// Waits until every event appended so far, to any run, is committed.
    public func flush() throws(StoreError) {
        try writer?.flush()
    }

    /// Ends, as `interrupted`, each `running` run whose writing process is gone: appends its `runEnded` event (so
    /// a fold of the log agrees) and stamps the run with the time its writer was last heard from.
    private func markInterruptedRuns() throws {
        try pool.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, writer_pid, writer_token, COALESCE(heartbeat_at, started_at) AS last_heard,
                    (SELECT MAX(seq) FROM events WHERE run = runs.id) AS last_seq
                    FROM runs WHERE status = 'running'
                    """)
            var events: EventRows?
            for row in rows {
                let writer = WriterIdentity(
                    pid: Int32(row["writer_pid"] as Int? ?? 0), token: row["writer_token"] ?? "")
                guard !writer.isAlive else { continue }
                let run: RunID = row["id"]
                let seq = (row["last_seq"] as Int64? ?? 0) + 1
                let lastHeard: Double = row["last_heard"]
                if events == nil { events = try EventRows(db) }
                try events?.write(
                    StampedEvent(
                        run: run, seq: seq, time: lastHeard, event: .runEnded(RunEnded(status: .interrupted)),
                        blobs: []))
                try db.execute(
                    sql: "UPDATE runs SET last_seq = ? WHERE id = ?", arguments: [seq, run])
            }
        }
    }
}

/// Records one run: an ``EventSink`` whose `append` only queues (the store's writer thread commits), stamping each
/// event with the run's next seq and the time.
public final class RunRecorder: EventSink {
    public let run: RunID
    private let writer: BatchWriter

    package init(run: RunID, writer: BatchWriter) {
        self.run = run
        self.writer = writer
    }

    /// Queues the event; after ``finish(status:)`` events are dropped.
    public func append(_ event: Event, blobs: [Blob]) {
        writer.append(run: run, event: event, blobs: blobs)
    }

    /// Waits until everything appended so far is committed.
    public func flush() throws(StoreError) {
        try writer.flush()
    }

    /// Appends `runEnded` with `status`, waits for it to be committed, and closes the run to further events.
    public func finish(status: RunStatus = .finished) throws(StoreError) {
        guard writer.append(run: run, event: .runEnded(RunEnded(status: status)), blobs: [], closing: true) else {
            throw .runFinished(run)
        }
        try writer.flush()
        writer.checkpoint()
    }
}
