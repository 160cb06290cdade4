import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback port with nothing listening: connecting is refused at once.
enum ClosedPort {
    static func make() throws -> UInt16 {
        let fd = try boundSocket()
        let port = try localPort(fd)
        close(fd)
        return port
    }
}

/// A listener whose accept queue is full, so a new connection's SYN goes unanswered: a connect timeout, on
/// loopback, without depending on an unroutable address.
final class Blackhole {
    let port: UInt16
    private var descriptors: [Int32] = []

    init() throws {
        let listener = try boundSocket()
        guard listen(listener, 0) == 0 else { throw POSIXError(.EADDRINUSE) }
        port = try localPort(listener)
        descriptors.append(listener)
        var address = loopback(port: port)
        for _ in 0..<3 {
            let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            descriptors.append(filler)
        }
        usleep(100_000)
    }

    deinit { descriptors.forEach { close($0) } }
}

private func loopback(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = port.bigEndian
    return address
}

private func boundSocket() throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = loopback(port: 0)
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard fd >= 0, result == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
    return fd
}

private func localPort(_ fd: Int32) throws -> UInt16 {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let result = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard result == 0 else { throw POSIXError(.EBADF) }
    return UInt16(bigEndian: address.sin_port)
}
