#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// IPv4 loopback sockets, for the mock server and for tests and benchmarks that need a raw connection.
public enum Loopback {
    /// `127.0.0.1:port` (port 0: any free port at bind time).
    public static func address(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return address
    }

    /// A blocking TCP socket connected to `127.0.0.1:port`, or nil when nothing accepts there. The caller closes it.
    public static func connect(port: UInt16, flags: Int32 = 0) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | flags, 0)
        guard fd >= 0 else { return nil }
        var address = address(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result == 0 || (flags != 0 && errno == EINPROGRESS) { return fd }
        close(fd)
        return nil
    }

    /// Whether something accepts connections on `127.0.0.1:port`.
    public static func isListening(port: UInt16) -> Bool {
        guard let fd = connect(port: port) else { return false }
        close(fd)
        return true
    }
}
