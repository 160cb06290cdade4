/// One column's value as both backends store it: SQLite's four storage classes, which PostgreSQL's BIGINT, DOUBLE
/// PRECISION and TEXT columns hold the same way. What moves between stores (``RunRows``) is made of these.
public enum StoreValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

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

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// A row read by column name.
public typealias StoreRow = [String: StoreValue]
