/// An SQLite result code (sqlite.org/rescode.html), extended where SQLite gave more detail, so that a caller can
/// tell a busy file from a damaged or a read-only one without reading the message.
public struct SQLiteCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code, without the extended detail.
    public var primary: Int32 { rawValue & 0xff }
    /// Another connection holds a lock (`SQLITE_BUSY`, `SQLITE_LOCKED`): trying again later can succeed.
    public var isBusy: Bool { primary == 5 || primary == 6 }
    /// The file is damaged or not a database (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
    public var isCorrupt: Bool { primary == 11 || primary == 26 }
    /// The file, or the connection, cannot be written (`SQLITE_READONLY`).
    public var isReadOnly: Bool { primary == 8 }

    public var description: String { "SQLite code \(rawValue)" }
}
