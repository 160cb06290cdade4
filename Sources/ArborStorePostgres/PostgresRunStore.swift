import ArborCore
import ArborStore
import Foundation
import Logging
import PostgresNIO

/// Arbor's store on a PostgreSQL server: the same tables as the SQLite file (``PostgresSchema``), read and written
/// through one connection.
///
/// The interface is synchronous like ``RunStore``'s: each call waits for its query's future on the calling thread,
/// while the query runs on postgres-nio's own event loop threads (never the caller's), so a wait cannot deadlock.
public final class PostgresRunStore: RunStorage {
    public let address: PostgresLocation
    public let mode: RunStore.Mode
    private let connection: PostgresConnection

    public var location: String { address.description }

    private init(address: PostgresLocation, mode: RunStore.Mode, connection: PostgresConnection) {
        self.address = address
        self.mode = mode
        self.connection = connection
    }

    /// Connects to the server at `address` and, when writing and `creating`, creates the tables a new database
    /// lacks (without `creating`, a database with no Arbor store is refused as a viewer refuses it).
    public static func open(_ address: PostgresLocation, mode: RunStore.Mode = .write, creating: Bool = true)
        throws(StoreError) -> PostgresRunStore
    {
        let configuration: PostgresConnection.Configuration
        if address.isUnixSocket {
            configuration = .init(
                unixSocketPath: address.socketPath, username: address.user, password: address.password,
                database: address.database)
        } else {
            configuration = .init(
                host: address.host, port: address.port, username: address.user, password: address.password,
                database: address.database, tls: .disable)
        }
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1,
                logger: Logger(label: "arbor.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
            ).wait()
        } catch {
            throw .server(location: address.description, message: Self.message(for: error))
        }
        let store = PostgresRunStore(address: address, mode: mode, connection: connection)
        do throws(StoreError) {
            if mode == .write && creating {
                // One creator at a time: the lock is released when the transaction ends.
                try store.transaction { () throws(StoreError) in
                    try store.execute("SELECT pg_advisory_xact_lock(\(Self.creationLock))")
                    for statement in PostgresSchema.create.components(separatedBy: ";\n") {
                        try store.execute(statement)
                    }
                }
            }
            try store.checkSchema()
        } catch {
            store.close()
            throw error
        }
        return store
    }

    public func close() {
        _ = try? connection.close().wait()
    }

    // MARK: - Reading

    public func runs() throws(StoreError) -> [RunSummary] {
        try query(Self.runQuery + " ORDER BY r.id").map(Self.summary)
    }

    public func run(_ id: RunID) throws(StoreError) -> RunSummary {
        guard let row = try query(Self.runQuery + " WHERE r.id = $1", [.integer(id)]).first else {
            throw .unknownRun(id)
        }
        return Self.summary(row)
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

    /// Stores a long text as its chunks and a `blobs` row listing them (schema 4), unless the database has it.
    func insertCut(hash: String, _ text: String) throws(StoreError) {
        guard try query("SELECT 1 FROM blobs WHERE hash = $1", [.text(hash)]).isEmpty else { return }
        let bytes = Array(text.utf8)
        let cut = bytes.withUnsafeBufferPointer { TextChunks($0) }
        for chunk in cut.chunks {
            try execute(Self.numbered(TextChunks.chunkInsert), [.text(chunk.hash), .bytes(Array(bytes[chunk.range]))])
        }
        try execute(Self.numbered(TextChunks.listInsert), [.text(hash), .text(cut.list)])
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
            let long = { (blob: [StoreValue]) in (blob.last?.text?.utf8.count ?? 0) >= TextChunks.threshold }
            let whole = rows.blobs.filter { !long($0) }
            for start in stride(from: 0, to: whole.count, by: 500) {
                let chunk = whole[start..<min(start + 500, whole.count)]
                let pairs = (0..<chunk.count).map { "($\(2 * $0 + 1), $\(2 * $0 + 2))" }.joined(separator: ", ")
                try execute(
                    "INSERT INTO blobs (hash, text) VALUES \(pairs) ON CONFLICT DO NOTHING", chunk.flatMap { $0 },
                    bytes: Set((0..<chunk.count).map { 2 * $0 + 2 }))
            }
            for blob in rows.blobs where long(blob) {
                guard let hash = blob.first?.text, let text = blob.last?.text else { continue }
                try insertCut(hash: hash, text)
            }
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

    private static let creationLock: Int64 = 0x4152_4252

    static let runQuery = RunSummary.query

    /// A run whose writer has not been heard from for this long is shown as gone: on a server shared by many hosts a
    /// process id says nothing, the heartbeat does.
    static let silentWriterSeconds = 30.0

    static func summary(_ row: StoreRow) -> RunSummary {
        let status = row["status"]?.text.flatMap(RunStatus.init(rawValue:)) ?? .failed
        let heartbeat = row["heartbeat_at"]?.real ?? row["started_at"]?.real ?? 0
        let silent = Date().timeIntervalSince1970 - heartbeat > silentWriterSeconds
        return RunSummary(row: row, writerGone: status == .running && silent)
    }

    private func checkSchema() throws(StoreError) {
        let rows: [StoreRow]
        do {
            rows = try query("SELECT value FROM arbor_meta WHERE key = 'schema'")
        } catch {
            throw .server(
                location: location,
                message: "the database holds no Arbor store yet; record a run into it or copy one with `arbor copy`")
        }
        guard let text = rows.first?["value"]?.text, let found = Int(text) else {
            throw .server(location: location, message: "the database's arbor_meta table names no schema")
        }
        if found > PostgresSchema.version {
            throw .newerSchema(path: location, found: found, supported: PostgresSchema.version)
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

    /// Runs `sql` with `arguments` ($1, $2, …) and returns its rows by column name. Arguments at the positions in
    /// `bytes` (counted from 1) are sent as BYTEA.
    func query(_ sql: String, _ arguments: [StoreValue] = [], bytes: Set<Int> = []) throws(StoreError)
        -> [StoreRow]
    {
        let binds = arguments.enumerated().map { index, value in Self.data(value, asBytes: bytes.contains(index + 1)) }
        do {
            let result = try connection.query(sql, binds).wait()
            return result.rows.map { row in
                let cells = row.makeRandomAccess()
                var values: StoreRow = [:]
                for (index, cell) in row.enumerated() { values[cell.columnName] = Self.value(cells[data: index]) }
                return values
            }
        } catch {
            throw .server(location: location, message: Self.message(for: error))
        }
    }

    private func execute(_ sql: String, _ arguments: [StoreValue] = [], bytes: Set<Int> = []) throws(StoreError) {
        _ = try query(sql, arguments, bytes: bytes)
    }

    /// Runs `body` in a transaction, committed when it returns and rolled back when it throws.
    private func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private static func data(_ value: StoreValue, asBytes: Bool) -> PostgresData {
        switch value {
        case .null: .null
        case .integer(let number): PostgresData(int64: number)
        case .real(let number): PostgresData(double: number)
        case .text(let text): asBytes ? PostgresData(bytes: Array(text.utf8)) : PostgresData(string: text)
        case .bytes(let bytes): PostgresData(bytes: bytes)
        }
    }

    private static func value(_ data: PostgresData) -> StoreValue {
        guard data.value != nil else { return .null }
        switch data.type {
        case .int2, .int4, .int8: return data.int64.map { .integer($0) } ?? .null
        case .float4, .float8: return data.double.map { .real($0) } ?? .null
        case .bytea: return data.bytes.map { .bytes($0) } ?? .null
        default: return data.string.map { .text($0) } ?? .null
        }
    }

    /// The server's own message when it sent one; else what failed underneath (a refused or missing socket).
    /// postgres-nio's own description hides both to keep queries out of logs.
    static func message(for error: any Error) -> String {
        guard let failure = error as? PSQLError else { return "\(error)" }
        if let server = failure.serverInfo, let text = server[.message] {
            return text + (server[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if failure.code == .connectionError {
            let cause = failure.underlying.map { " (\($0))" } ?? ""
            return "could not connect\(cause). Check that the server is running and the host, port or socket folder"
                + " is right."
        }
        if let underlying = failure.underlying { return "\(underlying)" }
        return "\(failure.code)"
    }
}
