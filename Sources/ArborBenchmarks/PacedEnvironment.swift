import ArborCore
import ArborEnvironments

/// An environment whose every reset and step takes a fixed time and that cannot save its state: a stand-in, over a
/// built-in environment, for a browser or a child process, where bringing an instance back to a state (reset and
/// replay) costs something. For benchmarks only.
public final class PacedEnvironment: Environment {
    private let inner: any Environment
    private let pause: Duration

    public init(_ inner: any Environment, pause: Duration) {
        self.inner = inner
        self.pause = pause
    }

    public var name: String { inner.name }
    public var actionGrammar: String { inner.actionGrammar }
    public var actionSyntax: ActionSyntax { inner.actionSyntax }
    public var instruction: String? { inner.instruction }
    public var supportsSnapshot: Bool { false }

    public func tasks(_ split: TaskSplit) async throws -> [TaskSpec] { try await inner.tasks(split) }

    public func reset(_ task: TaskSpec) async throws -> Observation {
        try await Task.sleep(for: pause)
        return try await inner.reset(task)
    }

    public func step(_ action: String) async throws -> Observation {
        try await Task.sleep(for: pause)
        return try await inner.step(action)
    }

    public func ground(_ action: String) -> String? { inner.ground(action) }
    public func outcome() async throws -> Outcome { try await inner.outcome() }
    public func close() async { await inner.close() }
}
