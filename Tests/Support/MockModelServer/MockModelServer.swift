import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A scripted HTTP/1.1 server on 127.0.0.1 (an ephemeral port) that plays an OpenAI-compatible endpoint for tests
/// and benchmarks: each request is answered by the steps `script` returns for it, then the connection closes.
///
/// One thread accepts, one thread per connection answers; `stop()` ends them all (a `hang` step included).
public final class MockModelServer: Sendable {
    public let port: UInt16
    private let listener: Int32
    private let log: ServerLog

    /// `http://127.0.0.1:PORT/v1`, the base URL a client is given.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    public init(script: @escaping @Sendable (MockRequest) -> [MockStep]) throws(MockServerError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .socket("socket", errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Loopback.address(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw .socket("bind/listen", errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let log = ServerLog()
        self.log = log
        let thread = Thread { Self.acceptLoop(fd, log: log, script: script) }
        thread.name = "mock-model-server"
        thread.start()
    }

    deinit { stop() }

    /// Closes the listener and releases every connection, hanging ones included.
    public func stop() {
        guard log.markStopped() else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// The requests received so far, in arrival order.
    public var requests: [MockRequest] { log.requests }
    /// Connections whose client closed them while the script was still running (a cancelled request).
    public var closedByClient: Int { log.closedByClient }
    /// Connections still being answered.
    public var openConnections: Int { log.openConnections }
    /// When a `.mark(label)` step last ran, nil if never.
    public func mark(_ label: String) -> ContinuousClock.Instant? { log.marks[label] }
    /// The most requests in service at once so far (from reading a request to just before its last bytes).
    public var peakInService: Int { log.peakServing }

    private static func acceptLoop(
        _ listener: Int32, log: ServerLog, script: @escaping @Sendable (MockRequest) -> [MockStep]
    ) {
        while !log.stopped {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            log.opened()
            let thread = Thread {
                MockConnection(fd: client, log: log).serve(script)
                close(client)
                log.closed()
            }
            thread.start()
        }
    }
}

/// Why the mock server could not start.
public enum MockServerError: Error, Sendable, CustomStringConvertible {
    case socket(String, Int32)
    public var description: String {
        switch self {
        case .socket(let call, let code): "mock server: \(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

/// What the server keeps across threads: the request log and connection counts.
///
/// `@unchecked Sendable`: every field is read and written under `lock`.
final class ServerLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _requests: [MockRequest] = []
    private var _stopped = false
    private var _closedByClient = 0
    private var _open = 0
    private var _peak = 0
    private var _marks: [String: ContinuousClock.Instant] = [:]

    var requests: [MockRequest] { lock.withLock { _requests } }
    var stopped: Bool { lock.withLock { _stopped } }
    var closedByClient: Int { lock.withLock { _closedByClient } }
    var openConnections: Int { lock.withLock { _open } }
    var peakConnections: Int { lock.withLock { _peak } }

    /// True the first time only.
    func markStopped() -> Bool {
        lock.withLock {
            defer { _stopped = true }
            return !_stopped
        }
    }

    /// Records a request and returns its index among all requests.
    func record(_ request: MockRequest) -> MockRequest {
        lock.withLock {
            var numbered = request
            numbered.index = _requests.count
            _requests.append(numbered)
            return numbered
        }
    }

    var marks: [String: ContinuousClock.Instant] { lock.withLock { _marks } }
    func mark(_ label: String) {
        let now = ContinuousClock.now
        lock.withLock { _marks[label] = now }
    }

    func clientClosed() { lock.withLock { _closedByClient += 1 } }
    func opened() {
        lock.withLock {
            _open += 1
            _peak = max(_peak, _open)
        }
    }
    func closed() { lock.withLock { _open -= 1 } }

    private var _serving = 0
    private var _peakServing = 0
    var peakServing: Int { lock.withLock { _peakServing } }
    func beganServing() {
        lock.withLock {
            _serving += 1
            _peakServing = max(_peakServing, _serving)
        }
    }
    func finishedServing() { lock.withLock { _serving -= 1 } }
}
