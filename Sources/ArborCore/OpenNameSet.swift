/// A closed set of names, stored as strings, that logs written by other builds may extend: a case for each name
/// this build knows, and `other` for a name it does not, kept as written so that such a log still reads and folds.
public protocol OpenNameSet: RawRepresentable<String>, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// Every name this build knows, without `other`.
    static var known: [Self] { get }
    /// A name this build does not know.
    static func other(_ name: String) -> Self
}

extension OpenNameSet {
    /// The known case spelled `name`, or `other(name)`.
    public static func named(_ name: String) -> Self { known.first { $0.rawValue == name } ?? .other(name) }

    public init(rawValue: String) { self = Self.named(rawValue) }
    public init(stringLiteral name: String) { self = Self.named(name) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self = Self.named(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
