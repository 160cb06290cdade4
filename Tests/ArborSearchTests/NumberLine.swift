import ArborEnvironments
import Foundation

/// A tiny deterministic environment: walk a number line from 0 and `stop` on the goal cell.
final class NumberLine: Environment {
    let name = "numberline"
    let actionGrammar = "left | right | stop"
    let goal: Int
    let snapshots: Bool
    private(set) var position = 0
    private(set) var stopped = false
    private(set) var resets = 0
    private(set) var steps = 0
    private(set) var restores = 0
    /// A check that lies: when set, `outcome()` reports this whatever happened.
    var checkSays: Bool?
    /// The reward a step to the right reports (a shaped reward for progress); 0 by default.
    let rewardPerRight: Double

    init(goal: Int = 3, snapshots: Bool = true, rewardPerRight: Double = 0) {
        self.goal = goal
        self.snapshots = snapshots
        self.rewardPerRight = rewardPerRight
    }

    var supportsSnapshot: Bool { snapshots }

    func tasks(_ split: TaskSplit) async throws -> [TaskSpec] { [Self.task(goal)] }

    static func task(_ goal: Int, id: String? = nil) -> TaskSpec {
        TaskSpec(id: id ?? "numberline/\(goal)", intent: "Walk the number line to cell \(goal) and stop there.")
    }

    func reset(_ task: TaskSpec) async throws -> Observation {
        resets += 1
        position = 0
        stopped = false
        return observation
    }

    var observation: Observation { observation(reward: 0) }

    func observation(reward: Double) -> Observation {
        Observation(
            text: "You stand at cell \(position) of a number line that runs from cell 0 to cell 9.",
            reward: reward, done: stopped)
    }

    func step(_ action: String) async throws -> Observation {
        guard let grounded = ground(action) else { throw EnvironmentError.invalidAction(action, reason: "unknown") }
        steps += 1
        switch grounded {
        case "left": position = max(position - 1, 0)
        case "right":
            position = min(position + 1, 9)
            return observation(reward: rewardPerRight)
        default: stopped = true
        }
        return observation
    }

    func ground(_ action: String) -> String? {
        let word = action.trimmingCharacters(in: .whitespaces).lowercased()
        return ["left", "right", "stop"].contains(word) ? word : nil
    }

    func outcome() async throws -> Outcome {
        let success = checkSays ?? (stopped && position == goal)
        return Outcome(success: success, reward: success ? 1 : 0)
    }

    func snapshot() async throws -> EnvironmentSnapshot {
        guard snapshots else { throw EnvironmentError.snapshotUnsupported }
        return EnvironmentSnapshot([position, stopped ? 1 : 0])
    }

    func restore(_ snapshot: EnvironmentSnapshot) async throws {
        guard snapshots, let state = snapshot.token as? [Int] else { throw EnvironmentError.snapshotUnsupported }
        restores += 1
        position = state[0]
        stopped = state[1] == 1
    }
}
