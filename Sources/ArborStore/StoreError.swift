import ArborCore
import GRDB

/// Why a store could not be opened, read or written. Each message says what happened and what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file's schema is newer than this build understands.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The file does not start with SQLite's header.
    case notSQLite(path: String)
    /// The file is shorter than its header says, or SQLite reports it damaged.
    case truncated(path: String, expectedBytes: Int64, actualBytes: Int64)
    case corrupt(path: String, reason: String)
    /// An SQLite database some other program made.
    case foreign(path: String, tables: [String])
    /// The file or its folder cannot be written.
    case unwritable(path: String, reason: String)
    /// A read-only open of a file that holds no Arbor tables yet.
    case empty(path: String)
    /// A read-only open of a file that is not there.
    case missing(path: String)
    /// The run is not in this store.
    case unknownRun(RunID)
    /// A stored event could not be decoded (written by a build with a different event vocabulary).
    case undecodableEvent(run: RunID, seq: Int64, kind: String, reason: String)
    /// SQLite failed while reading or writing; `code` is its result code when SQLite itself gave one.
    case sqlite(path: String, message: String, code: SQLiteCode? = nil)
    /// A write was attempted through a store opened read-only.
    case readOnly(path: String)
    /// The recorder was used after `finish`.
    case runFinished(RunID)
    /// A followed run's writer process died without ending it.
    case writerGone(run: RunID, pid: Int32, lastSeq: Int64)
    /// A store location (a PostgreSQL URL) that cannot be read; `location` has any password masked.
    case badLocation(location: String, reason: String)
    /// A PostgreSQL server could not be reached or failed; `location` never holds the password.
    case server(location: String, message: String)

    /// SQLite's result code, when SQLite failed: whether the file was busy, damaged or read-only.
    public var sqliteCode: SQLiteCode? {
        guard case .sqlite(_, _, let code) = self else { return nil }
        return code
    }

    /// SQLite's failure on `path`, its message as SQLite gave it and its result code kept.
    static func sqlite(path: String, failure: any Error) -> StoreError {
        let code = (failure as? DatabaseError).map { SQLiteCode(rawValue: $0.extendedResultCode.rawValue) }
        return .sqlite(path: path, message: "\(failure)", code: code)
    }

    public var description: String {
        switch self {
        case .newerSchema(let path, let found, let supported):
            "\(path) was written by a newer Arbor (schema \(found); this build reads up to \(supported)). "
                + "Upgrade Arbor or open a copy."
        case .notSQLite(let path):
            "\(path) is not an SQLite database (it does not start with the SQLite header). "
                + "Check the path, or name a new file to create a store."
        case .truncated(let path, let expected, let actual):
            "\(path) is truncated (its header promises \(expected) bytes; the file has \(actual)). "
                + "Restore it from a copy; Arbor will not open it."
        case .corrupt(let path, let reason):
            "\(path) is a damaged SQLite file (\(reason)). Restore it from a copy; Arbor will not open it."
        case .foreign(let path, let tables):
            "\(path) is an SQLite database that Arbor did not create (tables: \(tables.joined(separator: ", "))). "
                + "Name a new file; Arbor will not change this one."
        case .unwritable(let path, let reason):
            "cannot write \(path): \(reason). Choose a writable location, or open it read-only."
        case .empty(let path):
            "\(path) is an empty database with no Arbor runs yet. Record a run into it first."
        case .missing(let path):
            "\(path) does not exist. Check the path; a viewer does not create stores."
        case .unknownRun(let run):
            "run \(run) is not in this store. `arbor runs` lists the runs it has."
        case .undecodableEvent(let run, let seq, let kind, let reason):
            "event \(seq) (\(kind)) of run \(run) cannot be read by this build (\(reason)). "
                + "Open the file with the Arbor that wrote it."
        case .sqlite(let path, let message, _):
            "SQLite failed on \(path): \(message)"
        case .readOnly(let path):
            "\(path) was opened read-only; open it for writing to record runs."
        case .runFinished(let run):
            "run \(run) has already finished; start a new run to record more events."
        case .writerGone(let run, let pid, let lastSeq):
            "run \(run) is not being written any more: its writer (process \(pid)) is gone and the log stops at seq "
                + "\(lastSeq). The next writer to open the store records it as interrupted."
        case .badLocation(let location, let reason):
            "\(location) is not a store location Arbor can use: \(reason). "
                + "Write postgresql://user@host:port/database (or ?host=/socket/folder), or an SQLite file's path."
        case .server(let location, let message):
            "PostgreSQL at \(location) failed: \(message)"
        }
    }
}
