/// A closed set of names, stored as strings, that logs written by other builds may extend: a case for each name
/// this build knows, and `other` for a name it does not, kept as written so that such a log still reads and folds.
///
/// Not `ExpressibleByStringLiteral`: a misspelt literal would quietly become `other`. Code names a case; only text
/// read from outside (a log, a command line) goes through ``named(_:)``.
public protocol OpenNameSet: RawRepresentable<String>, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Every name this build knows, without `other`.
    static var known: [Self] { get }
    /// A name this build does not know.
    static func other(_ name: String) -> Self
}

extension OpenNameSet {
    /// The known case spelled `name`, or `other(name)`.
    public static func named(_ name: String) -> Self { known.first { $0.rawValue == name } ?? .other(name) }

    public init(rawValue: String) { self = Self.named(rawValue) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self = Self.named(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
