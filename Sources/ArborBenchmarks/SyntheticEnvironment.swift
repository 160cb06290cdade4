import ArborEnvironments

/// An environment that costs nearly nothing: its state is a number the actions hash into. For benchmarks only.
final class SyntheticEnvironment: Environment {
    let name = "synthetic"
    let actionGrammar = "a0 … a4"
    private var state: UInt64 = 0

    var supportsSnapshot: Bool { true }
    func tasks(_ split: TaskSplit) async throws -> [TaskSpec] { [SyntheticEnvironment.task] }
    static let task = TaskSpec(id: "synthetic/0", intent: "Explore.")

    func reset(_ task: TaskSpec) async throws -> Observation {
        state = 0
        return Observation(text: "state 0")
    }

    func step(_ action: String) async throws -> Observation {
        state = state &* 31 &+ UInt64(action.utf8.last ?? 0)
        return Observation(text: "state \(state)")
    }

    func ground(_ action: String) -> String? { action }
    func outcome() async throws -> Outcome { Outcome(success: false, reward: 0) }
    func snapshot() async throws -> EnvironmentSnapshot { EnvironmentSnapshot(state) }
    func restore(_ snapshot: EnvironmentSnapshot) async throws { state = snapshot.token as? UInt64 ?? 0 }
}
