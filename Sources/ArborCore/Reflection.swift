/// Which prompt a reflection improves.
public enum ReflectionKind: String, Sendable, Codable {
    /// Lessons for choosing actions.
    case policy
    /// Lessons for judging progress.
    case value
}

/// A structured nudge carried with a lesson, so an agent that retrieves it can act on it without reading prose:
/// terms whose actions to favour or avoid, and a shift for value estimates in a matching state.
public struct ReflectionHint: Sendable, Codable, Equatable, Hashable {
    public var prefer: [String]
    public var avoid: [String]
    public var valueShift: Double
    public init(prefer: [String] = [], avoid: [String] = [], valueShift: Double = 0) {
        self.prefer = prefer
        self.avoid = avoid
        self.valueShift = valueShift
    }
}

/// A lesson from contrastive reflection: at this state of this task the agent expected one thing and got another.
public struct Reflection: Sendable, Codable, Equatable, Identifiable {
    /// Content-derived, so the same lesson from the same place has the same id in every run.
    public var id: String
    public var kind: ReflectionKind
    public var taskID: String
    public var task: String
    /// A short text of the state the lesson came from (what retrieval matches against).
    public var state: String
    public var action: String
    public var expected: String
    public var happened: String
    public var lesson: String
    public var hint: ReflectionHint
    /// |V(next) − Q(step)| when it was made.
    public var surprise: Double

    public init(
        kind: ReflectionKind, taskID: String, task: String, state: String, action: String, expected: String,
        happened: String, lesson: String, hint: ReflectionHint = ReflectionHint(), surprise: Double
    ) {
        self.kind = kind
        self.taskID = taskID
        self.task = task
        self.state = state
        self.action = action
        self.expected = expected
        self.happened = happened
        self.lesson = lesson
        self.hint = hint
        self.surprise = surprise
        self.id = String(
            SHA256.hex([kind.rawValue, taskID, state, action, lesson].joined(separator: "\u{1f}")).prefix(16))
    }
}

public struct ReflectionCreated: Sendable, Codable, Equatable {
    public var episode: Int
    public var reflection: Reflection
    public init(episode: Int, reflection: Reflection) {
        self.episode = episode
        self.reflection = reflection
    }
}

extension ReflectionCreated: EventPayload {
    public static let kind = EventKind.reflectionCreated
    public var event: Event { .reflectionCreated(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, nil) }
    public func fold(into run: inout RunState, seq: Int64) throws(FoldError) { run.reflections.append(reflection) }
}
