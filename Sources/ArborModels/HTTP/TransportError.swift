/// Why a transfer produced no complete response: the connection, a timeout, or libcurl itself.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Nothing answered: refused, unreachable, DNS failed.
        case connect
        /// No connection within the connect timeout.
        case connectTimeout
        /// Connected, but the response went silent longer than the stall timeout.
        case stall
        /// The connection broke mid-transfer (reset, closed early, bad chunking).
        case broken
        /// Anything else libcurl reports: a bad URL, an option it refused, out of memory.
        case other
    }

    public var kind: Kind
    /// libcurl's result code.
    public var code: Int
    /// libcurl's own words, e.g. "Failed to connect to 127.0.0.1 port 9: Connection refused".
    public var message: String
    public var url: String

    public init(kind: Kind, code: Int, message: String, url: String) {
        self.kind = kind
        self.code = code
        self.message = message
        self.url = url
    }

    /// Connection trouble worth another try; a malformed URL is not.
    public var isRetryable: Bool { kind != .other }

    public var description: String { "\(url): \(message)" }
}
