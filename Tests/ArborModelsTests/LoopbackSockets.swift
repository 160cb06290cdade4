import Foundation
import MockModelServer

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
        for _ in 0..<3 {
            if let filler = Loopback.connect(port: port, flags: Int32(SOCK_NONBLOCK.rawValue)) {
                descriptors.append(filler)
            }
        }
        usleep(100_000)
    }

    deinit { for descriptor in descriptors { close(descriptor) } }
}

private func boundSocket() throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = Loopback.address(port: 0)
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
