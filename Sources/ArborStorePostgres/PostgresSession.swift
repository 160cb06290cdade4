import ArborStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// One connection to the server, used by one caller at a time: a transaction holds it from `BEGIN` to `COMMIT`, so
/// another thread's query never lands inside it. Each call waits for its query's future on the calling thread, while
/// the query runs on postgres-nio's own event loop threads (never the caller's), so a wait cannot deadlock.
/// Package-visible for the store benchmark, whose raw reference `COPY`s through the same client.
package final class PostgresSession: Sendable {
    package let connection: PostgresConnection
    /// The server's URL without its password, for messages.
    let location: String
    /// Recursive, so that the queries inside ``transaction(_:)`` run on the thread that holds it.
    private let lock = NSRecursiveLock()
    private let closed = Atomic<Bool>(false)

    private init(connection: PostgresConnection, location: String) {
        self.connection = connection
        self.location = location
    }

    /// Connects to the server at `address`.
    package static func connect(_ address: PostgresLocation) throws(StoreError) -> PostgresSession {
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
        do {
            let connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1,
                logger: Logger(label: "arbor.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
            ).wait()
            return PostgresSession(connection: connection, location: address.description)
        } catch {
            throw .server(location: address.description, message: message(for: error))
        }
    }

    /// Closes the connection, once; a session dropped without closing closes as it goes.
    package func close() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        _ = try? connection.close().wait()
    }

    deinit { close() }

    /// Runs `sql` with `arguments` ($1, $2, …) and returns its rows by column name. Arguments at the positions in
    /// `bytes` (counted from 1) are sent as BYTEA.
    package func query(_ sql: String, _ arguments: [StoreValue] = [], bytes: Set<Int> = []) throws(StoreError)
        -> [StoreRow]
    {
        let binds = arguments.enumerated().map { index, value in Self.data(value, asBytes: bytes.contains(index + 1)) }
        lock.lock()
        defer { lock.unlock() }
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

    package func execute(_ sql: String, _ arguments: [StoreValue] = [], bytes: Set<Int> = []) throws(StoreError) {
        _ = try query(sql, arguments, bytes: bytes)
    }

    /// Sends `rows` (``CopyText``) into `table (columns)` by `COPY … FROM STDIN`: no statement to parse and no
    /// parameter per value, so the server takes them as fast as it takes a bulk load.
    package func copy(_ rows: CopyText, into table: String, columns: [String]) throws(StoreError) {
        let pending = Mutex<CopyText?>(rows)
        try copy(into: table, columns: columns) { pending.withLock { $0.take() } }
    }

    /// Sends rows into `table (columns)` by one `COPY … FROM STDIN`, a chunk at a time: `chunks` is called on the
    /// calling thread for each next chunk until it returns nil, and each chunk goes to the server as soon as it is
    /// made, so the server stores one while the caller makes the next.
    package func copy(into table: String, columns: [String], chunks: @escaping @Sendable () -> CopyText?)
        throws(StoreError)
    {
        let connection = connection
        lock.lock()
        defer { lock.unlock() }
        do {
            try WaitingThreadExecutor.run {
                try await connection.copyFrom(table: table, columns: columns, logger: Self.logger) { writer in
                    while let chunk = chunks() { try await writer.write(chunk.buffer) }
                }
            }
        } catch {
            throw .server(location: location, message: Self.message(for: error))
        }
    }

    private static let logger = Logger(label: "arbor.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` holding the connection: no other thread's query comes between its statements.
    func exclusively<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Runs `body` in a transaction, committed when it returns and rolled back when it throws.
    package func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
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
