import ArborCore
import Synchronization
import TerminalKit

/// A control a key asks of the search under the cursor (see issue 5): what the front end hands to whoever steers.
public enum Steer: String, Hashable, Sendable, CaseIterable {
    case pauseResume, stepIteration, stepPhase, expand, reevaluate, backtrack, commit, excludeAllow, lockRoot
    case overrideValue
}

/// One control asked for in the front end, resolved to the intervention it means (Space is pause or resume, `x`
/// exclude or allow), on what episode and node, and (for an override) the value and note.
public struct SteerRequest: Sendable, Equatable {
    public var kind: InterventionKind
    public var episode: Int
    public var node: NodeID?
    public var value: Double?
    public var note: String?

    public init(kind: InterventionKind, episode: Int, node: NodeID?, value: Double? = nil, note: String? = nil) {
        self.kind = kind
        self.episode = episode
        self.node = node
        self.value = value
        self.note = note
    }
}

/// What the steering side says about the search, read by the screen on every draw: whether it is paused and the
/// phase about to run. Written from the task that watches the engine, so it is shared and locked.
public final class SteeringPanel: Sendable {
    private struct State {
        var paused = false
        var line: String?
    }
    private let state = Mutex(State())

    public init() {}

    public var isPaused: Bool { state.withLock { $0.paused } }
    /// The status line's text while paused or stepping, e.g. `PAUSED · next: expand n4`.
    public var line: String? { state.withLock { $0.line } }

    public func update(paused: Bool, line: String?) {
        state.withLock { $0 = State(paused: paused, line: line) }
    }
}

/// What a steering key means for the front end; the help overlay lists these keys under "Steer".
extension Steer {
    static let bindings: [KeyBinding<Command>] = {
        func c(_ s: Character) -> InputEvent { .character(s) }
        func b(_ key: Character, _ label: String, _ steer: Steer, _ help: String) -> KeyBinding<Command> {
            KeyBinding(keys: [c(key)], label: label, command: .steer(steer), help: help, group: "Steer")
        }
        return [
            b(" ", "Space", .pauseResume, "pause / resume the search"),
            b(".", ".", .stepIteration, "step one iteration"),
            b(",", ",", .stepPhase, "step one phase"),
            b("e", "e", .expand, "expand here next"),
            b("v", "v", .reevaluate, "re-evaluate this node"),
            b("b", "b", .backtrack, "backtrack episode to here"),
            b("c", "c", .commit, "commit this action now"),
            b("x", "x", .excludeAllow, "exclude / allow this child"),
            b("L", "L", .lockRoot, "lock root here / unlock"),
            b("=", "=", .overrideValue, "override value (:override)"),
        ]
    }()
}
