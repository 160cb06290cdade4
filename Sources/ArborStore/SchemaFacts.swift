import Foundation
import GRDB
import GRDBSQLite

/// What a file says about whose it is: `PRAGMA application_id`, `PRAGMA user_version`, and its tables.
///
/// Read without creating anything beside the file. A read-only connection to a WAL-mode file would create `-wal`
/// and `-shm` files next to it, which is a change to a file Arbor may be about to refuse. With no `-wal` file there,
/// every committed page is in the file itself, so SQLite may open it as immutable, which creates nothing; with one,
/// a writer is or was there and the files exist already.
struct SchemaFacts: Equatable {
    var applicationID: Int32
    var version: Int
    var tables: [String]

    static func read(_ path: String) throws -> SchemaFacts {
        FileManager.default.fileExists(atPath: path + "-wal") ? try readShared(path) : try readImmutable(path)
    }

    private static func readShared(_ path: String) throws -> SchemaFacts {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "arbor.inspect"
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            SchemaFacts(
                applicationID: try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                version: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                tables: try String.fetchAll(db, sql: tablesQuery))
        }
    }

    /// Through SQLite's C API, because only a URI filename can say `immutable=1` and GRDB does not open URIs.
    private static func readImmutable(_ path: String) throws -> SchemaFacts {
        var handle: OpaquePointer?
        let uri = ViewerConnection.immutableURI(path)
        defer { sqlite3_close_v2(handle) }
        guard sqlite3_open_v2(uri, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK, let handle else {
            throw DatabaseError(message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open")
        }
        func rows(_ sql: String) throws -> [String] {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
                throw DatabaseError(message: String(cString: sqlite3_errmsg(handle)))
            }
            defer { sqlite3_finalize(statement) }
            var values: [String] = []
            while true {
                switch sqlite3_step(statement) {
                case SQLITE_ROW: values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
                case SQLITE_DONE: return values
                default: throw DatabaseError(message: String(cString: sqlite3_errmsg(handle)))
                }
            }
        }
        return SchemaFacts(
            applicationID: Int32(try rows("PRAGMA application_id").first ?? "0") ?? 0,
            version: Int(try rows("PRAGMA user_version").first ?? "0") ?? 0,
            tables: try rows(tablesQuery))
    }

    private static let tablesQuery = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
}
