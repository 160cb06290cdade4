#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pipe that wakes the UI thread out of its wait for input. Its descriptors are set once and closed only when
/// the last owner (the terminal or any waker) is gone, so a late `wake()` can never write to a reused descriptor.
final class WakePipe: Sendable {
    let readDescriptor: Int32
    let writeDescriptor: Int32

    init() throws(TerminalError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw .systemCall(name: "pipe", errno: errno) }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    /// Writes one byte; a full pipe already holds a wake-up, so EAGAIN is fine.
    func write(_ byte: UInt8) {
        var value = byte
        _ = Glibc.write(writeDescriptor, &value, 1)
    }

    /// Every byte waiting in the pipe.
    func drain() -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readDescriptor, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }
}

/// Lets any thread wake the terminal's UI thread, whose ``CursesTerminal/nextEvent(timeout:)`` then returns
/// ``InputEvent/wake``. Cheap to copy; safe after the terminal closed (the wake-up is then ignored).
public struct TerminalWaker: Sendable {
    let pipe: WakePipe

    public func wake() { pipe.write(UInt8(ascii: "W")) }
}
