import Foundation

/// Why the terminal could not be used; the description is meant to be printed to the person as it is.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// TERM is unset, empty or "dumb".
    case noCursorAddressing(term: String?)
    /// The terminal type has no terminfo entry, or curses refused it.
    case unknownTerminal(term: String)
    /// A system call failed while setting up.
    case systemCall(name: String, errno: Int32)
    /// A program meant to run in the terminal (``ForegroundProgram``) could not be started.
    case programNotStarted(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .noCursorAddressing(let term):
            "this needs a terminal that supports cursor addressing (TERM is \(term.map { "'\($0)'" } ?? "unset")). "
                + "Run it in a terminal emulator, or set TERM (for example TERM=xterm-256color)."
        case .unknownTerminal(let term):
            "cannot drive terminal type '\(term)': curses has no terminfo entry for it. Set TERM to a type "
                + "this system knows (for example xterm-256color) or install its terminfo entry."
        case .systemCall(let name, let errno):
            "setting up the terminal failed: \(name) returned error \(errno)."
        case .programNotStarted(let path, let errno):
            "could not start \(path): \(String(cString: strerror(errno)))"
        }
    }
}
