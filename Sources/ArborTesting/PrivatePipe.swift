import Foundation

/// A pipe whose ends close on exec: only the process it is handed to (as its standard input or output) holds it.
///
/// Foundation's `Pipe` leaves both ends inheritable, so a child another test starts meanwhile with `posix_spawn`
/// (an environment, a worker) would keep a copy, and whoever waits for the pipe to close (end of output, a lifeline)
/// would wait until that unrelated child exits.
public func privatePipe() -> Pipe {
    let pipe = Pipe()
    for end in [pipe.fileHandleForReading, pipe.fileHandleForWriting] {
        _ = fcntl(end.fileDescriptor, F_SETFD, FD_CLOEXEC)
    }
    return pipe
}
