import ArborCore
import ArborEnvironments

// Taking real steps, starting the next step's search, and ending the episode.
extension EpisodeRunner {
    /// The child of the committed node a step commits: most visits in this step's search, then highest Q, then
    /// highest prior, then the earliest created. Excluded children, and children whose action the environment refused,
    /// are never committed.
    ///
    /// Under a lock below the committed node the step commits the committed node's child on the path to the locked
    /// node, whatever the statistics say: the person asked to search only there, so the real episode goes that way.
    public func bestChild() -> NodeID? {
        let root = selectionRoot
        if root != tree.committedNode, let path = tree.path(from: tree.committedNode, to: root) { return path[1] }
        var best: (id: NodeID, stats: VisitStatistics, prior: Double)?
        for id in tree[tree.committedNode].children where !tree[id].excluded && !refused[id] {
            let stats = searchStatistics(id)
            let prior = tree[id].prior
            guard let current = best else {
                best = (id, stats, prior)
                continue
            }
            let better =
                stats.visits != current.stats.visits
                ? stats.visits > current.stats.visits
                : stats.q != current.stats.q ? stats.q > current.stats.q : prior > current.prior
            if better { best = (id, stats, prior) }
        }
        return best?.id
    }

    /// Commits every node from the committed node down to `leaf`, or the best child when `leaf` is nil; then ends the
    /// episode or starts the next step's search.
    func commit(_ reason: StopReason, through leaf: NodeID?) async throws {
        let nodes: [NodeID]
        if let leaf {
            nodes = Array((tree.path(from: tree.committedNode, to: leaf) ?? []).dropFirst())
        } else if let best = bestChild() {
            nodes = [best]
        } else {
            nodes = []
        }
        guard !nodes.isEmpty else {
            if reason == .tokens {
                await end(reason: .tokens)
            } else {
                await searchOnWithoutAStep()
            }
            return
        }
        var queue = nodes[...]
        while let node = queue.popFirst() {
            let expected = searchStatistics(node).q
            try await reach(node)
            if refused[node] {
                // Never a real step: the environment stayed where it was. The next best child is taken instead, or the
                // search goes on (and may expand the committed node again) when there is none.
                guard leaf == nil, let next = bestChild() else {
                    await searchOnWithoutAStep()
                    return
                }
                queue = [next]
                continue
            }
            commits.append(CommittedStep(from: tree.committedNode, to: node, expected: expected))
            emit(
                .actionCommitted(
                    ActionCommitted(
                        episode: episode, step: step, node: node, action: tree[node].action,
                        stopReason: reason, iterations: iteration)))
            tree.committedPath.append(node)
            step += 1
            if let limit = limits[node] {
                await end(reason: limit == .repeating ? .repeating : .maxSteps)
                return
            }
            if tree[node].terminal {
                await end(reason: tree[node].action.hasPrefix("stop") ? .stopped : .terminal)
                return
            }
            if step >= config.maxSteps {
                await end(reason: .maxSteps)
                return
            }
            // Greedy draws no search tree, so its repeats are caught here, on the real path (ExACT's early stop).
            if SearchLimit.repeats(tree.actions(to: node), limit: config.repeatLimit) {
                await end(reason: .repeating)
                return
            }
        }
        if reason == .tokens {
            await end(reason: .tokens)
            return
        }
        // ExACT stops once it has committed a path valued at the success value: the agent believes the task done.
        if reason == .success, config.endOnSuccessPath {
            await end(reason: .valued)
            return
        }
        startStep()
    }

    /// When the committed node has no child to commit (none proposed, or every one refused): expands it again when it
    /// may be, and ends the episode (`noActions`) when it may not.
    private func searchOnWithoutAStep() async {
        if mayExpandAgain(tree.committedNode) {
            pending = .expand(path: [tree.committedNode])
        } else {
            await end(reason: .noActions)
        }
    }

    /// Starts a real step's search from the committed node, with fresh statistics unless they carry over.
    func startStep() {
        emit(.stepStarted(StepStarted(episode: episode, step: step, node: tree.committedNode)))
        releaseStaleLock()
        iteration = 0
        forced = nil
        stepStatistics = ChunkedArray(repeatElement(VisitStatistics(), count: tree.count))
        stepStartedAt = clock.seconds()
        scheduleNext()
    }

    /// Records the environment's check on the committed terminal, which the search did not see while it ran. Its
    /// images are named again (their bytes were stored with the first observation), so the node keeps them.
    private func revealVerdict(_ verdict: Outcome) {
        let node = tree.committedNode
        guard tree[node].terminal, tree[node].success == nil, let observation = tree[node].observation else { return }
        tree[node].success = verdict.success
        tree[node].reward = verdict.reward
        emit(
            .observed(
                Observed(
                    episode: episode, node: node, observation: observation, reward: verdict.reward, terminal: true,
                    success: verdict.success, images: tree[node].images.compactMap(ObservedImage.init))))
    }

    /// Whether the episode succeeded, by the agent's own judgement: ExACT's mean Q of the committed actions (as each
    /// was valued when it was taken) above the threshold. Steps replayed from a fork's prefix were not searched and
    /// are left out; nil when no step was searched.
    func successEstimate() -> SuccessEstimate? {
        let searched = commits.filter { !$0.replayed }
        guard !searched.isEmpty else { return nil }
        let meanQ = searched.map(\.expected).reduce(0, +) / Double(searched.count)
        return SuccessEstimate(meanQ: meanQ, succeeded: meanQ > config.reflection.successThreshold)
    }

    /// Ends the episode: reflects (for the reflective methods), asks the environment for its verdict on the committed
    /// state, closes the instances its pool of environments made, and records the outcome with the agent's own
    /// estimate (and the pool's usage) beside it.
    ///
    /// Reflection learns from the estimate unless the run asked for the outcome (`reflection.successSource`). With the
    /// estimate it runs before the environment's check is read at all, so the check cannot reach a lesson.
    func end(reason: EpisodeEndReason) async {
        guard pending != .finished else { return }
        pending = .finished
        let estimate = successEstimate()
        let reflects = config.method.reflects && reason != .interrupted && reason != .error
        if reflects, config.reflection.successSource == .estimate {
            let succeeded = estimate?.succeeded ?? false
            await reflect(
                succeeded: succeeded, finalValue: succeeded ? config.successValue : config.method.valueScale.failure)
        }
        var verdict = Outcome(success: false, reward: 0)
        if reason != .interrupted {
            do {
                try await reach(tree.committedNode)
                verdict = try await environment.outcome()
                revealVerdict(verdict)
            } catch {
                emit(
                    .error(
                        ErrorRecord(
                            episode: episode, node: tree.committedNode, source: .environment,
                            message: "could not read the episode's outcome: \(error)")))
            }
        }
        if reflects, config.reflection.successSource == .outcome {
            await reflect(
                succeeded: verdict.success,
                finalValue: verdict.success ? config.successValue : config.method.valueScale.failure)
        }
        // The pool's instances end with the episode (its own environment is closed by whoever made it).
        await environments.closeMade()
        let ended = EpisodeEnded(
            episode: episode, success: verdict.success, reward: verdict.reward,
            estimatedSuccess: tree[tree.committedNode].value ?? 0, steps: step, reason: reason, estimate: estimate,
            environments: environments.recordedUsage)
        outcome = ended
        emit(.episodeEnded(ended))
    }
}
