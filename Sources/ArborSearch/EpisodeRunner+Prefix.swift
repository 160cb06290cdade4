import ArborCore

// A fork's prefix: real steps replayed from a parent run before the search starts.
extension EpisodeRunner {
    /// Takes each action of the prefix as a real step from the committed node: the node is expanded with exactly that
    /// action (one child, prior 1, no policy samples), stepped into and observed, and committed, with an
    /// `intervention` (commit, by the prefix's author) before the `actionCommitted` so a viewer can tell replayed
    /// steps from searched ones. Returns false when the episode ended (else the caller starts the search's first step): a refused action or a step that ends the
    /// episode is an error (reason `error`); running out of real steps ends it as `maxSteps`.
    func takePrefix(_ prefix: EpisodePrefix) async throws -> Bool {
        for (index, action) in prefix.actions.enumerated() {
            let parent = tree.committedNode
            let note = Blob("replayed from \(prefix.origin) (\(prefix.author))")
            let label = ElementLabel.of(action, in: tree[parent].observationText ?? "")
            let child = tree.addChild(
                of: parent, action: action, prior: 1, count: 0, rationale: note.ref, label: label)
            stepStatistics.append(VisitStatistics())
            tree[parent].expanded = true
            emit(
                .expanded(
                    Expanded(
                        episode: episode, parent: parent,
                        children: [
                            ExpandedChild(
                                node: child, action: action, prior: 1, count: 0, rationale: note.ref, label: label)
                        ],
                        samples: 0, unparseable: 0)),
                blobs: [note])
            try await reach(child)
            if refused[child] {
                try await failPrefix(.refused(index: index, action: action, origin: prefix.origin))
                return false
            }
            emit(
                .intervention(
                    Intervention(
                        kind: .commit, episode: episode, node: child, author: prefix.author,
                        note: "step \(index + 1) of \(prefix.actions.count) replayed from \(prefix.origin)")))
            // The search expected nothing of a replayed step, so reflection leaves it out.
            commits.append(CommittedStep(from: parent, to: child, expected: 0, replayed: true))
            emit(
                .actionCommitted(
                    ActionCommitted(
                        episode: episode, step: step, node: child, action: action, stopReason: .commanded,
                        iterations: 0)))
            tree.committedPath.append(child)
            step += 1
            if tree[child].terminal {
                try await failPrefix(
                    .ended(index: index, action: action, count: prefix.actions.count, origin: prefix.origin))
                return false
            }
            if step >= config.maxSteps {
                await end(reason: .maxSteps)
                return false
            }
            // The last replayed step's successor is the search's first step, which `startStep` begins.
            if index < prefix.actions.count - 1 {
                emit(.stepStarted(StepStarted(episode: episode, step: step, node: child)))
            }
        }
        return true
    }

    private func failPrefix(_ failure: PrefixError) async throws {
        emit(.error(ErrorRecord(episode: episode, node: tree.committedNode, source: .engine, message: "\(failure)")))
        await end(reason: .error)
    }
}
