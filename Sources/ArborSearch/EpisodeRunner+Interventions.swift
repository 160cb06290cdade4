import ArborCore

// What a person can do to a running episode. Each request is recorded as an `intervention` event, done or refused;
// a refused request changes nothing else. Requests that change the tree's shape or statistics are taken only at an
// iteration boundary, so no half-done iteration is ever left behind.
extension EpisodeRunner {
    /// Records a pause, resume or step request (the controller's own bookkeeping; they change nothing here).
    public func note(_ kind: InterventionKind, author: String, note: String? = nil) {
        guard pending != .start else { return }
        emit(.intervention(Intervention(kind: kind, episode: episode, node: nil, author: author, note: note)))
    }

    /// Makes the next selection end at `node` (in the committed node's subtree, not yet expanded), which is then
    /// expanded, evaluated and backed up like any leaf. The `selected` event names the author.
    @discardableResult
    public func forceExpansion(at node: NodeID, author: String, note: String? = nil) -> ControlOutcome {
        request(.expand, node, author, note) {
            if let refusal = requireBoundary() { return refusal }
            guard tree.path(from: tree.committedNode, to: node) != nil else {
                return "\(node) is not below the committed node \(tree.committedNode)"
            }
            if tree[node].expanded { return "\(node) is already expanded" }
            if tree[node].terminal { return "\(node) is terminal" }
            if tree[node].excluded { return "\(node) is excluded; allow it first" }
            if tree.path(from: selectionRoot, to: node) == nil {
                return "\(node) is outside the locked root \(selectionRoot); unlock it first"
            }
            return nil
        } perform: {
            forced = (node, author)
            pending = .select
        }
    }

    /// Asks the evaluator again about `node` and backs the new value up from the committed node, as one more
    /// simulation through it (when `node` is below the committed node).
    @discardableResult
    public func reevaluate(_ node: NodeID, author: String, note: String? = nil) async -> ControlOutcome {
        let outcome = request(.reevaluate, node, author, note) {
            if let refusal = requireBoundary() { return refusal }
            if !config.method.searches { return "the greedy method has no value function" }
            if !tree[node].observed { return "\(node) has not been visited yet, so there is nothing to judge" }
            if tree[node].terminal { return "\(node) is terminal; its value is the environment's verdict" }
            return nil
        } perform: {
        }
        guard outcome == .done else { return outcome }
        do {
            let value = try await estimate(node)
            if let path = tree.path(from: tree.committedNode, to: node) { backUp(path, value: value) }
        } catch {
            await fail(error)
        }
        return outcome
    }

    /// Sets `node`'s value by hand (method `human`, on the engine's [0, 1] scale) and backs it up from the committed
    /// node when `node` is below it.
    @discardableResult
    public func overrideValue(_ node: NodeID, value: Double, author: String, note: String? = nil) -> ControlOutcome {
        request(.overrideValue, node, author, note) {
            if let refusal = requireBoundary() { return refusal }
            guard value >= 0, value <= 1 else { return "a value must lie in [0, 1]; \(value) does not" }
            return nil
        } perform: {
            setValue(value, of: node, method: .human, samples: [value])
            if let path = tree.path(from: tree.committedNode, to: node) { backUp(path, value: value) }
        }
    }

    /// Keeps selection (and commitment) away from `node` until it is allowed again.
    @discardableResult
    public func exclude(_ node: NodeID, author: String, note: String? = nil) -> ControlOutcome {
        request(.exclude, node, author, note) {
            if tree.committedPath.contains(node) { return "\(node) is on the committed path" }
            if tree[node].excluded { return "\(node) is already excluded" }
            if selectionRoot != tree.committedNode, tree.path(from: node, to: selectionRoot) != nil {
                return "\(node) is on the way to the locked root \(selectionRoot)"
            }
            return nil
        } perform: {
            tree[node].excluded = true
        }
    }

    /// Lets selection choose an excluded node again.
    @discardableResult
    public func allow(_ node: NodeID, author: String, note: String? = nil) -> ControlOutcome {
        request(.allow, node, author, note) {
            tree[node].excluded ? nil : "\(node) is not excluded"
        } perform: {
            tree[node].excluded = false
        }
    }

    /// Takes `child` of the committed node to the real environment now (stop reason `commanded`).
    @discardableResult
    public func commitNow(_ child: NodeID, author: String, note: String? = nil) async -> ControlOutcome {
        let outcome = request(.commit, child, author, note) {
            if let refusal = requireBoundary() { return refusal }
            if tree[child].parent != tree.committedNode {
                return "\(child) is not a child of the committed node \(tree.committedNode)"
            }
            if tree[child].excluded { return "\(child) is excluded; allow it first" }
            if let toward = lockedStep, toward != child {
                return "the root is locked at \(selectionRoot), which \(child) does not lead to; unlock it first"
            }
            return nil
        } perform: {
        }
        guard outcome == .done else { return outcome }
        do {
            try await commit(.commanded, through: child)
        } catch {
            await fail(error)
        }
        return outcome
    }

    /// Rewinds the real episode to `ancestor` on the committed path: the environment goes back to its state, the
    /// search starts a new step from it, and the nodes below stay in the tree, abandoned.
    @discardableResult
    public func backtrack(to ancestor: NodeID, author: String, note: String? = nil) async -> ControlOutcome {
        let outcome = request(.backtrack, ancestor, author, note) {
            if let refusal = requireBoundary() { return refusal }
            guard let index = tree.committedPath.firstIndex(of: ancestor) else {
                return "\(ancestor) is not on the committed path"
            }
            return index == tree.committedPath.count - 1 ? "\(ancestor) is already the committed node" : nil
        } perform: {
        }
        guard outcome == .done else { return outcome }
        let index = tree.committedPath.firstIndex(of: ancestor)!
        tree.committedPath.removeLast(tree.committedPath.count - 1 - index)
        step = index
        commits.removeLast(commits.count - index)
        startStep()
        do {
            try await backtrack(to: ancestor)
        } catch {
            await fail(error)
        }
        return outcome
    }

    // MARK: -

    /// Checks a request, records it, and performs it when it passes. A request for a node the tree does not hold is
    /// recorded without a node (the fold could not place it) and refused.
    func request(
        _ kind: InterventionKind, _ node: NodeID, _ author: String, _ note: String?, check: () -> String?,
        perform: () -> Void
    ) -> ControlOutcome {
        if pending == .start { return .refused("the episode has not started") }
        let known = tree.contains(node)
        let refusal: String? =
            if !known { "episode \(episode + 1) has no node \(node)" } else if pending == .finished {
                "the episode has ended"
            } else { check() }
        let outcome = refusal.map(ControlOutcome.refused) ?? .done
        emit(
            .intervention(
                Intervention(
                    kind: kind, episode: episode, node: known ? node : nil, author: author, note: note,
                    outcome: outcome.description)))
        if refusal == nil { perform() }
        return outcome
    }

    func requireBoundary() -> String? {
        pending.isIterationBoundary
            ? nil : "an iteration is under way (next phase: \(pending)); finish it first (step one iteration)"
    }
}
