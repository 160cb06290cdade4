import ArborCore
import ArborExport

/// One line of a side's pane in the diff view: a committed step, or (after the last one) how the episode ended.
/// Rows are indexed by real step on both sides, so row k of A and row k of B always face each other.
struct TrajectoryRow: Equatable, Sendable {
    /// How a row stands against the other side's trajectory.
    enum Part: Equatable, Sendable {
        /// Before the first difference: both sides committed the same action here.
        case shared
        /// The first step at which the two trajectories differ (an action, or one side having ended).
        case divergent
        /// After the divergence: this side's own path.
        case own
        /// The two trajectories are identical.
        case same
    }

    var step: Int
    /// The committed node this step reached; nil on the closing row.
    var node: Node?
    var part: Part

    /// The rows of one side: each committed step, then the closing row at index `steps`, marked against the diff's
    /// `divergence` (whose step counts committed actions, the same index as these rows).
    static func rows(of tree: EpisodeTree, divergence: Divergence?) -> [TrajectoryRow] {
        let steps = tree.committedPath.dropFirst().map { tree[$0] }
        return (0...steps.count).map { index in
            let part: Part
            if let divergence {
                part = index < divergence.step ? .shared : index == divergence.step ? .divergent : .own
            } else {
                part = .same
            }
            return TrajectoryRow(step: index, node: index < steps.count ? steps[index] : nil, part: part)
        }
    }
}
