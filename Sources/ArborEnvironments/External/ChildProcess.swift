import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A running environment process and Arbor's end of the socket that is its stdin and stdout. Every call blocks the
/// calling thread (bounded by a deadline), so it is used only from a ``ChildConnection``'s own queue.
///
/// stdin and stdout are one Unix socket pair rather than two pipes so that writing to a child that has died returns
/// an error (`MSG_NOSIGNAL`) instead of raising SIGPIPE in Arbor. The child reads and writes it like pipes.
final class ChildProcess {
    let pid: pid_t
    private let socket: Int32
    private var buffer: [UInt8] = []
    private var reaped: ChildExit?

    /// Starts `command` with stderr appended to `logFile`, in its own process group so a terminal's Ctrl-C does
    /// not reach it and a kill reaches anything it started.
    init(_ command: ExternalCommand, logFile: String, environment: [String: String]) throws(ChildFault) {
        let log = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else { throw .logFile(logFile, Self.errorText(errno)) }
        defer { close(log) }

        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Self.streamType, 0, &ends) == 0 else { throw .spawn(Self.errorText(errno)) }
        let (ours, theirs) = (ends[0], ends[1])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, theirs, 0)
        posix_spawn_file_actions_adddup2(&actions, theirs, 1)
        posix_spawn_file_actions_adddup2(&actions, log, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = command.arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let status = posix_spawnp(&child, command.arguments[0], &actions, &attributes, argv, envp)
        close(theirs)
        guard status == 0 else {
            close(ours)
            throw .spawn(Self.errorText(status))
        }
        _ = fcntl(ours, F_SETFL, fcntl(ours, F_GETFL) | O_NONBLOCK)
        pid = child
        socket = ours
    }

    deinit {
        if reaped == nil { _ = terminate() }
    }

    /// Writes `line` and a newline before `deadline`.
    func writeLine(_ line: String, before deadline: ContinuousClock.Instant) throws(ChildFault) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT), before: deadline)
            let written = bytes[offset...].withUnsafeBytes { raw in
                send(socket, raw.baseAddress, raw.count, Self.noSignal)
            }
            if written >= 0 {
                offset += written
            } else if errno == EPIPE || errno == ECONNRESET {
                throw .exited(reap())
            } else if errno != EAGAIN && errno != EINTR {
                throw .io(Self.errorText(errno))
            }
        }
    }

    /// Reads the next line (without its newline) before `deadline`.
    func readLine(before deadline: ContinuousClock.Instant) throws(ChildFault) -> ReceivedLine {
        var searched = 0
        while true {
            if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                let received = ReceivedLine(line)
                buffer.removeSubrange(...newline)
                return received
            }
            searched = buffer.count
            guard buffer.count <= ExternalProtocol.maximumLineBytes else { throw .lineTooLong(buffer.count) }
            try wait(for: Int16(POLLIN), before: deadline)
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                throw .exited(reap())
            } else if errno == ECONNRESET {
                throw .exited(reap())
            } else if errno != EAGAIN && errno != EINTR {
                throw .io(Self.errorText(errno))
            }
        }
    }

    /// Waits up to `grace` for the child to exit by itself, then kills it; reaps it either way.
    func finish(grace: Duration) -> ChildExit {
        if let reaped { return reaped }
        let deadline = ContinuousClock.now + grace
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return settle(status) }
            usleep(5_000)
        }
        return terminate()
    }

    /// Kills the child and everything in its process group, and reaps it.
    func terminate() -> ChildExit {
        if let reaped { return reaped }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return settle(status)
    }

    /// After the child closed its end: it has exited or is about to; give it a moment, then make sure.
    private func reap() -> ChildExit { finish(grace: .seconds(1)) }

    private func settle(_ status: Int32) -> ChildExit {
        let exit: ChildExit = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
        reaped = exit
        close(socket)
        return exit
    }

    private func wait(for events: Int16, before deadline: ContinuousClock.Instant) throws(ChildFault) {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw .timedOut }
            let (seconds, attoseconds) = left.components
            let milliseconds = min(seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1, Int64(Int32.max))
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&descriptor, 1, Int32(milliseconds))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .io(Self.errorText(errno)) }
        }
    }

    private static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    #if canImport(Glibc)
        private static let streamType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
        private static let streamType = SOCK_STREAM
        private static let noSignal: Int32 = 0
    #endif
}

/// How a child process ended.
enum ChildExit: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "was killed by signal \(signal)"
        }
    }
}

/// What went wrong talking to a child process, before any protocol meaning is read into it.
enum ChildFault: Error, Equatable, Sendable {
    case logFile(String, String)
    case spawn(String)
    case exited(ChildExit)
    case timedOut
    case lineTooLong(Int)
    case io(String)
}
