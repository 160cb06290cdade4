/// A request as the mock server received it.
public struct MockRequest: Sendable {
    public var method: String
    public var path: String
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: [UInt8]
    /// 0 for the first request the server received, 1 for the next, …
    public var index: Int

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// One thing the server does while answering a request.
public enum MockStep: Sendable {
    /// Sends these bytes.
    case write([UInt8])
    /// Waits, e.g. to simulate a model's latency or a slow stream.
    case pause(Duration)
    /// Says nothing more until the client gives up or the server stops.
    case hang
    /// Notes the moment this step is reached under a label (see ``MockModelServer/mark(_:)``), e.g. just after
    /// the first token was written, so a benchmark can time the client's side of it.
    case mark(String)
    /// Waits until `count` requests have been in service at once (see ``MockModelServer/peakInService``), or
    /// `timeout` has passed: requests sent together all get here and go on together, requests sent one at a time
    /// each wait out the timeout. A test of overlap that counts requests rather than timing them.
    case gather(Int, timeout: Duration)
    /// Runs `action` on the connection's thread when this step is reached: a test's own bookkeeping (counting requests
    /// by what they ask, say), which may wait there as `gather` does.
    case run(@Sendable () -> Void)
}

extension MockStep {
    /// A complete response with a JSON (or any) body and `Content-Length`.
    public static func response(status: Int, body: String, headers: [String: String] = [:]) -> [MockStep] {
        let bytes = Array(body.utf8)
        var head = "HTTP/1.1 \(status) \(reason(status))\r\nContent-Type: application/json\r\n"
        head += "Content-Length: \(bytes.count)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        return [.write(Array((head + "\r\n").utf8) + bytes)]
    }

    /// The head of a server-sent-events stream (no length: the body ends when the connection closes).
    public static func eventStreamHead() -> MockStep {
        .write(Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n".utf8))
    }

    /// `text` as `.write` steps cut at the given byte counts (cycled), to exercise arbitrary chunk boundaries.
    public static func chunks(_ text: String, sizes: [Int], pause: Duration = .milliseconds(2)) -> [MockStep] {
        let bytes = Array(text.utf8)
        var steps: [MockStep] = []
        var start = 0
        var turn = 0
        while start < bytes.count {
            let size = max(1, sizes.isEmpty ? bytes.count : sizes[turn % sizes.count])
            let end = min(bytes.count, start + size)
            steps.append(.write(Array(bytes[start..<end])))
            steps.append(.pause(pause))
            start = end
            turn += 1
        }
        return steps
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
