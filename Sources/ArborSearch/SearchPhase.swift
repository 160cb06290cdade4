import ArborCore
import Foundation

/// The next thing an episode will do. The engine advances one phase at a time, so a caller can pause between any
/// two, step one, or intervene at an iteration boundary.
public enum SearchPhase: Sendable, Equatable, CustomStringConvertible {
    /// Reset the environment and record the root.
    case start
    /// Walk from the committed node to a leaf (or to a node a person forced).
    case select
    /// Step the environment into the leaf if it has not been yet, then draw policy samples and add children.
    case expand(path: [NodeID])
    /// Value the leaf: the environment's verdict at a terminal, else the single judge or the debate.
    case evaluate(path: [NodeID])
    /// Add the leaf's value to the running mean of every node on the path.
    case backUp(path: [NodeID], value: Double)
    /// Take the best child of the committed node to the real environment; with `leaf`, take the whole path to it.
    case commit(StopReason, leaf: NodeID?)
    /// The episode has ended.
    case finished

    public var description: String {
        switch self {
        case .start: "start"
        case .select: "select"
        case .expand(let path): "expand \(path.last ?? .root)"
        case .evaluate(let path): "evaluate \(path.last ?? .root)"
        // Two decimals, as every value on screen: the status line shows this.
        case .backUp(let path, let value): "back up \(String(format: "%.2f", value)) from \(path.last ?? .root)"
        case .commit(let reason, let leaf): "commit (\(reason.rawValue))" + (leaf.map { " through \($0)" } ?? "")
        case .finished: "finished"
        }
    }

    /// Whether the phase begins an iteration (or ends the step), so the tree holds no half-done iteration.
    public var isIterationBoundary: Bool {
        switch self {
        case .select, .commit: true
        default: false
        }
    }
}
