import ArborCore
import ArborStore
import Foundation
import Logging
import PostgresNIO

/// Arbor's store on a PostgreSQL server: the same tables as the SQLite file (``PostgresSchema``), read through one
/// connection and, when opened for writing, recorded through a second one that the store's ``BatchWriter`` commits
/// on (``PostgresBatchCommitter``), so that a batch's transaction never holds up a reader or a command.
///
/// The interface is synchronous like ``RunStore``'s (see ``PostgresSession``).
public final class PostgresRunStore: RunStorage {
    public let address: PostgresLocation
    public let mode: RunStore.Mode
    let session: PostgresSession
    /// The recording side, for a store opened for writing.
    let recording: (session: PostgresSession, writer: BatchWriter)?
    let clock: @Sendable () -> Double

    public var location: String { address.description }

    private init(
        address: PostgresLocation, mode: RunStore.Mode, session: PostgresSession,
        recording: (session: PostgresSession, writer: BatchWriter)?, clock: @escaping @Sendable () -> Double
    ) {
        self.address = address
        self.mode = mode
        self.session = session
        self.recording = recording
        self.clock = clock
    }

    /// Connects to the server at `address` and, when writing and `creating`, creates the tables a new database
    /// lacks (without `creating`, a database with no Arbor store is refused as a viewer refuses it).
    public static func open(
        _ address: PostgresLocation, mode: RunStore.Mode = .write, creating: Bool = true,
        clock: @escaping @Sendable () -> Double = RunStore.wallClock
    ) throws(StoreError) -> PostgresRunStore {
        let session = try PostgresSession.connect(address)
        do throws(StoreError) {
            if mode == .write && creating {
                // One creator at a time: the lock is released when the transaction ends.
                try session.transaction { () throws(StoreError) in
                    try session.execute("SELECT pg_advisory_xact_lock(\(Self.creationLock))")
                    for statement in PostgresSchema.create.components(separatedBy: ";\n") {
                        try session.execute(statement)
                    }
                }
            }
            try checkSchema(session)
        } catch {
            session.close()
            throw error
        }
        guard mode == .write else {
            return PostgresRunStore(address: address, mode: mode, session: session, recording: nil, clock: clock)
        }
        let writing: PostgresSession
        do {
            writing = try PostgresSession.connect(address)
        } catch {
            session.close()
            throw error
        }
        let writer = BatchWriter(committer: PostgresBatchCommitter(session: writing), clock: clock)
        writer.start()
        let store = PostgresRunStore(
            address: address, mode: mode, session: session, recording: (writing, writer), clock: clock)
        try store.markInterruptedRuns()
        return store
    }

    /// Ends with `runEnded(interrupted)` every `running` run whose writer has been silent for
    /// ``silentWriterSeconds`` and that has no episode waiting or running in a queue, as a file's writer does for a
    /// dead writer when it opens the file. The runs are claimed by one `UPDATE`, so two writers opening at once end
    /// each run once; the event is stamped when it is noticed.
    private func markInterruptedRuns() throws(StoreError) {
        guard let writer = recording?.writer else { return }
        let queued =
            try hasQueue()
            ? " AND NOT EXISTS (SELECT 1 FROM queue q WHERE q.run = runs.id AND q.state IN ('waiting', 'running'))" : ""
        let ended = try query(
            "UPDATE runs SET status = 'interrupted' WHERE status = 'running' "
                + "AND COALESCE(heartbeat_at, started_at) < $1\(queued) RETURNING id, last_seq",
            [.real(Date().timeIntervalSince1970 - Self.silentWriterSeconds)])
        for row in ended {
            guard let run = row["id"]?.integer else { continue }
            writer.register(run: run, nextSeq: (row["last_seq"]?.integer ?? 0) + 1)
            try RunRecorder(run: run, writer: writer).finish(status: .interrupted)
        }
    }

    /// Whether a queue was ever opened on this server (docs/scale.md).
    private func hasQueue() throws(StoreError) -> Bool {
        try query("SELECT CASE WHEN to_regclass('queue') IS NULL THEN 0 ELSE 1 END AS present").first?["present"]?
            .integer == 1
    }

    deinit { close() }

    /// Commits what is pending, stops the writer and closes the connections; the store cannot be used after.
    public func close() {
        recording?.writer.stop()
        recording?.session.close()
        session.close()
    }

    // MARK: - Reading

    public func runs() throws(StoreError) -> [RunSummary] {
        let waiting = try waitingEpisodes()
        return try query(Self.runQuery + " ORDER BY r.id").map { Self.summary($0, waiting: waiting) }
    }

    public func run(_ id: RunID) throws(StoreError) -> RunSummary {
        guard let row = try query(Self.runQuery + " WHERE r.id = $1", [.integer(id)]).first else {
            throw .unknownRun(id)
        }
        return Self.summary(row, waiting: try waitingEpisodes())
    }

    /// How many episodes of each run wait in the queue for a worker (docs/scale.md); none when no queue was ever
    /// opened on this server.
    private func waitingEpisodes() throws(StoreError) -> [RunID: Int] {
        guard try hasQueue() else { return [:] }
        var waiting: [RunID: Int] = [:]
        for row in try query("SELECT run, COUNT(*) AS count FROM queue WHERE state = 'waiting' GROUP BY run") {
            if let run = row["run"]?.integer { waiting[run] = Int(row["count"]?.integer ?? 0) }
        }
        return waiting
    }

    public func storedEvents(run: RunID, from: Int64 = 1, limit: Int = 10_000) throws(StoreError) -> [StoredEvent] {
        try query(
            "SELECT seq, time, kind, episode, node, payload FROM events WHERE run = $1 AND seq >= $2 ORDER BY seq "
                + "LIMIT $3",
            [.integer(run), .integer(from), .integer(Int64(limit))]
        ).map { StoredEvent(run: run, row: $0) }
    }

    public func blob(_ ref: BlobRef) throws(StoreError) -> String? {
        try text(hash: ref.rawValue)
    }

    /// The text stored under `hash`, byte for byte, joined from its chunks when it was cut (schema 4; see
    /// ``TextChunks``); nil when the database does not have it. `SELECT *`, since a database an earlier build made,
    /// read by a viewer, has no `chunks` column.
    func text(hash: String) throws(StoreError) -> String? {
        guard let row = try query("SELECT * FROM blobs WHERE hash = $1", [.text(hash)]).first else { return nil }
        guard let list = row["chunks"]?.text else { return row["text"]?.text ?? "" }
        let chunks = try query(
            """
            SELECT j.hash, c.bytes FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS j (hash, n)
            LEFT JOIN chunks AS c ON c.hash = j.hash ORDER BY j.n
            """, [.text(list)])
        var bytes: [UInt8] = []
        for chunk in chunks {
            guard case .bytes(let part) = chunk["bytes"] else {
                let missing = chunk["hash"]?.text ?? ""
                throw .server(
                    location: location,
                    message: "text \(hash.prefix(12)) lists chunk \(missing.prefix(12)), which the database lacks; "
                        + "copy the run again from its source")
            }
            bytes += part
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func image(_ ref: BlobRef) throws(StoreError) -> EncodedImage? {
        guard let row = try query("SELECT format, bytes FROM images WHERE hash = $1", [.text(ref.rawValue)]).first,
            let format = row["format"]?.text.flatMap(ImageFormat.init(rawValue:)), case .bytes(let bytes) = row["bytes"]
        else { return nil }
        return EncodedImage(format: format, bytes: bytes)
    }

    // MARK: - Copying

    public func rows(of run: RunID) throws(StoreError) -> RunRows {
        guard
            let runRow = try query(
                "SELECT \(RunRows.runColumns.joined(separator: ", ")) FROM runs WHERE id = $1", [.integer(run)]
            ).first
        else { throw .unknownRun(run) }
        var tables: [RunTable: [[StoreValue]]] = [:]
        var hashes: Set<String> = []
        for table in RunTable.allCases {
            let rows = try query(
                "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.rawValue) WHERE run = $1 "
                    + "ORDER BY \(table.order)",
                [.integer(run)])
            tables[table] = rows.map { row in table.columns.map { row[$0] ?? .null } }
            if table == .events {
                for row in rows { hashes.formUnion(RunRows.blobHashes(in: row["payload"]?.text ?? "")) }
            }
        }
        var blobs: [[StoreValue]] = []
        for hash in hashes.sorted() {
            guard let text = try self.text(hash: hash) else { continue }
            blobs.append([.text(hash), .text(text)])
        }
        var images: [[StoreValue]] = []
        for hash in hashes.sorted() {
            if let image = try image(BlobRef(rawValue: hash)) { images.append(RunRows.imageRow(hash: hash, image)) }
        }
        return RunRows(
            run: RunRows.runColumns.map { runRow[$0] ?? .null }, tables: tables, blobs: blobs, images: images)
    }

    public func insert(_ rows: RunRows) throws(StoreError) -> RunID {
        guard mode == .write else { throw .readOnly(path: location) }
        return try transaction { () throws(StoreError) -> RunID in
            let inserted = try query(Self.numbered(RunRows.runInsert) + " RETURNING id", rows.run)
            guard let run = inserted.first?["id"]?.integer else {
                throw .server(location: location, message: "the new run was given no id")
            }
            // Short texts whole, a few hundred a statement; long ones cut into chunks stored once.
            try session.storeTexts(
                rows.blobs.compactMap { blob in blob.first?.text.flatMap { hash in blob.last?.text.map { (hash, $0) } }
                })
            for image in rows.images { try execute(Self.numbered(RunRows.imageInsert), image) }
            // A few hundred rows a statement, well under PostgreSQL's 65,535 parameters.
            try rows.insertions(run: run, batch: 500) { table, sql, values throws(StoreError) in
                // PostgreSQL numbers its parameters; an annotation's copy reports the id it was given.
                let numbered = Self.numbered(sql) + (table == .annotations ? " RETURNING id" : "")
                return try query(numbered, values).first?["id"]?.integer
            }
            return run
        }
    }

    // MARK: - Queries

    static let creationLock: Int64 = 0x4152_4252

    static let runQuery = RunSummary.query

    /// A run whose writer has not been heard from for this long is shown as gone: on a server shared by many hosts a
    /// process id says nothing, the heartbeat does.
    static let silentWriterSeconds = 30.0

    /// A run with episodes waiting in the queue is not gone while it is silent: its episodes wait for workers.
    static func summary(_ row: StoreRow, waiting: [RunID: Int] = [:]) -> RunSummary {
        let status = row["status"]?.text.flatMap(RunStatus.init(rawValue:)) ?? .failed
        let heartbeat = row["heartbeat_at"]?.real ?? row["started_at"]?.real ?? 0
        let silent = Date().timeIntervalSince1970 - heartbeat > silentWriterSeconds
        let queued = row["id"]?.integer.flatMap { waiting[$0] } ?? 0
        var summary = RunSummary(row: row, writerGone: status == .running && silent && queued == 0)
        summary.waitingEpisodes = status == .running ? queued : 0
        return summary
    }

    private static func checkSchema(_ session: PostgresSession) throws(StoreError) {
        let rows: [StoreRow]
        do {
            rows = try session.query("SELECT value FROM arbor_meta WHERE key = 'schema'")
        } catch {
            throw .server(
                location: session.location,
                message: "the database holds no Arbor store yet; record a run into it or copy one with `arbor copy`")
        }
        guard let text = rows.first?["value"]?.text, let found = Int(text) else {
            throw .server(location: session.location, message: "the database's arbor_meta table names no schema")
        }
        if found > PostgresSchema.version {
            throw .newerSchema(path: session.location, found: found, supported: PostgresSchema.version)
        }
    }

    /// `sql` with its `?` marks numbered `$1`, `$2`, … (the statements hold no `?` inside quotes).
    static func numbered(_ sql: String) -> String {
        var count = 0
        var result = ""
        for character in sql {
            guard character == "?" else {
                result.append(character)
                continue
            }
            count += 1
            result += "$\(count)"
        }
        return result
    }

    /// Runs `sql` on the store's reading connection (see ``PostgresSession/query(_:_:bytes:)``).
    func query(_ sql: String, _ arguments: [StoreValue] = [], bytes: Set<Int> = []) throws(StoreError)
        -> [StoreRow]
    {
        try session.query(sql, arguments, bytes: bytes)
    }

    func execute(_ sql: String, _ arguments: [StoreValue] = [], bytes: Set<Int> = []) throws(StoreError) {
        try session.execute(sql, arguments, bytes: bytes)
    }

    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try session.transaction(body)
    }
}
