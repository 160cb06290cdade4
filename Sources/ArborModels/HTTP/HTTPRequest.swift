/// One HTTP request as the curl engine sends it: where, what, and how long to wait.
public struct HTTPRequest: Sendable, Equatable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public var url: String
    public var method: Method
    /// Header lines as sent, `Name: value`.
    public var headers: [String]
    public var body: [UInt8]
    /// How long to wait for the TCP (and TLS) connection.
    public var connectTimeout: Duration
    /// How long the response may stay silent (no byte received) before it is abandoned. A stall limit, not a
    /// total limit, so a long generation that keeps streaming is never cut off.
    public var stallTimeout: Duration
    /// At most this many requests to the same scheme, host and port are in flight; the rest wait in order.
    public var endpointLimit: Int

    public init(
        url: String, method: Method = .post, headers: [String] = [], body: [UInt8] = [],
        connectTimeout: Duration = .seconds(10), stallTimeout: Duration = .seconds(120), endpointLimit: Int = 16
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.endpointLimit = endpointLimit
    }

    /// `scheme://host:port`, the unit the concurrency cap counts by.
    var endpoint: String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(url[..<schemeEnd.upperBound]) + authority
    }
}

/// What a transfer delivers, in order: the status and headers once, then body bytes as they arrive.
public enum HTTPEvent: Sendable, Equatable {
    case head(status: Int, headers: [HTTPHeader])
    case body([UInt8])
}

/// One response header, name as received.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A whole response: what ``CurlEngine/send(_:)`` returns.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header named `name`, compared without case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
