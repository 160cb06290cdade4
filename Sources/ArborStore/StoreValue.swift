/// One column's value as both backends store it: SQLite's five storage classes, which PostgreSQL's BIGINT, DOUBLE
/// PRECISION, TEXT and BYTEA columns hold the same way. What moves between stores (``RunRows``) is made of these.
public enum StoreValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// Bytes that are not text (an image): SQLite's BLOB, PostgreSQL's BYTEA.
    case bytes([UInt8])

    public var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value): Int64(exactly: value)
        default: nil
        }
    }

    public var real: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The text, or bytes read as UTF-8 (a blob's text, which PostgreSQL keeps as BYTEA).
    public var text: String? {
        switch self {
        case .text(let value): value
        case .bytes(let value): String(decoding: value, as: UTF8.self)
        default: nil
        }
    }
}

/// A row read by column name.
public typealias StoreRow = [String: StoreValue]
