import ArborCore

// Locking the root: a person keeps the search below one node of the committed node's subtree. Selection walks
// straight down to the locked node and chooses by the rule only below it; a step commits the committed node's child
// on the way to the lock (see `bestChild()`), so the real episode follows the person's choice. The lock lasts until
// it is lifted or the committed path passes it; the engine then lifts it itself and records that.
extension EpisodeRunner {
    /// Where selection starts: the locked node while it is at or below the committed node, else the committed node.
    var selectionRoot: NodeID {
        guard let lockedRoot, tree.path(from: tree.committedNode, to: lockedRoot) != nil else {
            return tree.committedNode
        }
        return lockedRoot
    }

    /// The committed node's child on the way to the lock, when a lock lies below the committed node.
    var lockedStep: NodeID? {
        let root = selectionRoot
        guard root != tree.committedNode, let path = tree.path(from: tree.committedNode, to: root) else { return nil }
        return path[1]
    }

    /// Keeps selection (and commitment) at or below `node`, which must be the committed node or below it, not
    /// terminal, and reachable without passing an excluded node.
    @discardableResult
    public func lockRoot(at node: NodeID, author: String, note: String? = nil) -> ControlOutcome {
        request(.lockRoot, node, author, note) {
            if let refusal = requireBoundary() { return refusal }
            guard let path = tree.path(from: tree.committedNode, to: node) else {
                return "\(node) is not at or below the committed node \(tree.committedNode)"
            }
            if tree[node].terminal { return "\(node) is terminal; there is nothing to search below it" }
            if let excluded = path.first(where: { tree[$0].excluded }) {
                return "\(excluded) is excluded; allow it first"
            }
            if lockedRoot == node { return "the root is already locked at \(node)" }
            return nil
        } perform: {
            lockedRoot = node
        }
    }

    /// Lets the search choose from the committed node again.
    @discardableResult
    public func unlockRoot(author: String, note: String? = nil) -> ControlOutcome {
        guard let locked = lockedRoot else {
            guard pending != .start else { return .refused("the episode has not started") }
            let outcome = ControlOutcome.refused(
                pending == .finished ? "the episode has ended" : "the root is not locked")
            emit(
                .intervention(
                    Intervention(
                        kind: .unlockRoot, episode: episode, node: nil, author: author, note: note,
                        outcome: outcome.description)))
            return outcome
        }
        return request(.unlockRoot, locked, author, note) {
            requireBoundary()
        } perform: {
            lockedRoot = nil
        }
    }

    /// Lifts a lock the committed path has passed (or left), recording it as the engine's own `unlockRoot`.
    func releaseStaleLock() {
        guard let locked = lockedRoot, tree.path(from: tree.committedNode, to: locked) == nil else { return }
        lockedRoot = nil
        emit(
            .intervention(
                Intervention(
                    kind: .unlockRoot, episode: episode, node: locked, author: "arbor",
                    note: "the committed path passed the locked node", outcome: ControlOutcome.done.description)))
    }
}
