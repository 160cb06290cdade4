import ArborCore

/// What a key asks of the world outside the screen's state: the front-end loop carries these out (quits, applies a
/// theme) or hands them to whoever can (a steering side, the command that forks).
public enum SessionEffect: Equatable, Sendable {
    case quit
    /// Switch to the named colour theme; the loop answers with ``Session/themeApplied(_:)``.
    case theme(String)
    /// A control for the search shown, on the node under the cursor (or the whole search).
    case steer(SteerRequest)
    /// A new live run from a node of a replay.
    case fork(ForkRequest)
}
