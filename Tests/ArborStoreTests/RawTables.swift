import ArborStore
import GRDB
import Testing

@testable import ArborStorePostgres

/// A store's tables read and changed with SQL behind the store's back, to see what it stored or to damage it on
/// purpose: through GRDB on an SQLite file, through a connection of its own on a PostgreSQL database. The SQL is
/// written once, with `?` marks, in the words both engines share.
struct RawTables {
    let backend: StoreBackend
    let location: String

    /// The rows `sql` returns, column by name: SQLite's BLOB and PostgreSQL's BYTEA both as bytes.
    func rows(_ sql: String, _ arguments: [String] = []) throws -> [StoreRow] {
        switch backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: location)
            defer { try? queue.close() }
            return try queue.read { db in
                try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                    var values: StoreRow = [:]
                    for (column, value) in row {
                        values[column] =
                            switch value.storage {
                            case .null: .null
                            case .int64(let integer): .integer(integer)
                            case .double(let real): .real(real)
                            case .string(let text): .text(text)
                            case .blob(let data): .bytes([UInt8](data))
                            }
                    }
                    return values
                }
            }
        case .postgresql:
            let session = try PostgresSession.connect(PostgresLocation(url: location))
            defer { session.close() }
            return try session.query(PostgresRunStore.numbered(sql), arguments.map(StoreValue.text))
        }
    }

    /// The one integer `sql` returns (a count, a sum); nil for NULL.
    func integer(_ sql: String, _ arguments: [String] = []) throws -> Int64? {
        try #require(try rows(sql, arguments).first?.values.first).integer
    }

    /// Runs one statement that changes the tables.
    func execute(_ sql: String, _ arguments: [String] = []) throws {
        switch backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: location)
            defer { try? queue.close() }
            try queue.write { db in try db.execute(sql: sql, arguments: StatementArguments(arguments)) }
        case .postgresql:
            let session = try PostgresSession.connect(PostgresLocation(url: location))
            defer { session.close() }
            try session.execute(PostgresRunStore.numbered(sql), arguments.map(StoreValue.text))
        }
    }

    /// The SQL for a blob's stored text as bytes: a file keeps it as TEXT, a server as BYTEA.
    var textBytes: String {
        switch backend {
        case .sqlite: "CAST(text AS BLOB)"
        case .postgresql: "text"
        }
    }

    /// The schema version the store is stamped with: `PRAGMA user_version` in a file, `arbor_meta` on a server.
    func schemaVersion() throws -> Int64? {
        switch backend {
        case .sqlite: try integer("PRAGMA user_version")
        case .postgresql:
            try rows("SELECT value FROM arbor_meta WHERE key = 'schema'").first?["value"]?.text
                .flatMap { Int64($0) }
        }
    }
}
