import ArborCore

/// A `:` command as the person typed it, read from its words; whether it can be done (a run that exists, a node in
/// the episode) is for the session to say.
public enum TypedCommand: Equatable, Sendable {
    case quit
    case run(RunID)
    /// Numbered from 1, as the episodes page and the status bar number them.
    case episode(Int)
    /// A node as typed: `n4`, `4`.
    case goto(String)
    case event(Int)
    case messages
    case pause
    case resume
    case why
    /// `[NODE] [FLAGS…]`.
    case fork([String])
    /// `NODE VALUE [NOTE…]`, or `VALUE` for the cursor's node.
    case override([String])
    case theme(String)

    /// Why a line is not a command.
    public enum Unreadable: Error, Equatable, Sendable {
        /// The verb takes a number and got something else.
        case notANumber(verb: String)
        /// No command starts so, or a command is missing what it needs.
        case unknown(String)
    }

    /// Reads `line`; nil when it is empty.
    public static func parse(_ line: String) -> Result<TypedCommand, Unreadable>? {
        let words = line.split(separator: " ").map(String.init)
        guard let verb = words.first else { return nil }
        let rest = Array(words.dropFirst())
        switch (verb, rest.first) {
        case ("q", _), ("quit", _): return .success(.quit)
        case ("run", let n?): return RunID(n).map { .success(.run($0)) } ?? .failure(.notANumber(verb: verb))
        case ("episode", let n?): return Int(n).map { .success(.episode($0)) } ?? .failure(.notANumber(verb: verb))
        case ("goto", let n?): return .success(.goto(n))
        case ("event", let n?): return Int(n).map { .success(.event($0)) } ?? .failure(.notANumber(verb: verb))
        case ("messages", _): return .success(.messages)
        case ("pause", _): return .success(.pause)
        case ("resume", _): return .success(.resume)
        case ("why", _): return .success(.why)
        case ("fork", _): return .success(.fork(rest))
        case ("override", _): return .success(.override(rest))
        case ("theme", let name?): return .success(.theme(name))
        default: return .failure(.unknown(line))
        }
    }
}
