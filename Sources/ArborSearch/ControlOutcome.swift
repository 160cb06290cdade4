/// What came of a request to control the search: done, or refused with the reason (and nothing changed).
public enum ControlOutcome: Sendable, Equatable, CustomStringConvertible {
    case done
    case refused(String)

    /// As an `intervention` event records it: `done` or `refused: why`.
    public var description: String {
        switch self {
        case .done: "done"
        case .refused(let why): "refused: \(why)"
        }
    }
}
