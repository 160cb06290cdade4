import ArborCore
import ArborEnvironments

// Moving environment instances between the states of the tree's nodes.
extension EpisodeRunner {
    /// Brings an environment instance (the episode's own unless another is named) to `node`'s state, stepping into it
    /// from its parent the first time (which records its observation).
    func reach(_ node: NodeID, on instance: Int = 0) async throws {
        guard environments[instance].at != node else { return }
        guard !tree[node].observed, let parent = tree[node].parent else {
            try await backtrack(to: node, on: instance)
            return
        }
        try await backtrack(to: parent, on: instance)
        let observation: Observation
        do {
            environments[instance].at = nil
            observation = try await environments[instance].environment.step(tree[node].action)
        } catch EnvironmentError.invalidAction(let action, let reason) {
            // The environment refused the action and stayed where it was: the node is a dead end valued 0, and the
            // search goes on (a model's action can look right to the grammar and still be wrong for the page).
            environments[instance].at = parent
            try await refuse(node, "the environment refused \(action): \(reason)")
            return
        }
        environments[instance].at = node
        try await observe(node, observation, on: instance)
    }

    /// Records a refused action at `node`: an error, a terminal observation saying why, and the value 0.
    func refuse(_ node: NodeID, _ message: String) async throws {
        emit(.error(ErrorRecord(episode: episode, node: node, source: .environment, message: message)))
        refused[node] = true
        let text = Blob(Observed.refusalMark + message)
        tree[node].observe(text, reward: 0, terminal: true, success: false)
        emit(
            .observed(
                Observed(episode: episode, node: node, observation: text.ref, reward: 0, terminal: true, success: false)
            ),
            blobs: [text])
        setValue(0, of: node, method: .terminal, samples: [])
    }

    /// Returns an environment instance to an already observed node: restores its snapshot when the environment keeps
    /// them, else resets to the task and replays the actions from the root. Records which, and what it cost.
    func backtrack(to node: NodeID, on instance: Int = 0) async throws {
        guard environments[instance].at != node else { return }
        let environment = environments[instance].environment
        let started = clock.seconds()
        environments[instance].at = nil
        let method: BacktrackMethod
        var replayed = 0
        // A refused action left the environment in its parent's state.
        let state = refused[node] ? tree[node].parent ?? node : node
        if environment.supportsSnapshot, let snapshot = snapshots[state] {
            try await environment.restore(snapshot)
            method = .restore
        } else {
            _ = try await environment.reset(task)
            for action in tree.actions(to: state) {
                _ = try await environment.step(action)
                replayed += 1
            }
            method = .replay
        }
        environments[instance].at = node
        let durationMs = (clock.seconds() - started) * 1000
        if method == .replay { environments.countReplay(actions: replayed, milliseconds: durationMs) }
        emit(
            .backtracked(
                Backtracked(
                    episode: episode, to: node, method: method, actionsReplayed: replayed, durationMs: durationMs,
                    instance: environments.isPool ? instance + 1 : nil)))
    }

    /// Records what the environment shows at `node`. A node is terminal when the environment says so or its action is
    /// `stop`. A terminal's success is the environment's check only when the configuration lets the search see it;
    /// otherwise it stays unknown until the episode ends (see ``end(reason:)``).
    ///
    /// A state the search reaches past one of its limits (``SearchLimit``) is terminal too: a dead end valued 0. The
    /// limits bind the search only, not the steps a fork's prefix replays.
    func observe(_ node: NodeID, _ observation: Observation, on instance: Int = 0) async throws {
        let environment = environments[instance].environment
        let limit =
            config.method.searches && pending != .start
            ? SearchLimit.reached(by: tree.actions(to: node), ended: observation.done, config: config) : nil
        let terminal = observation.done || tree[node].action.hasPrefix("stop") || limit != nil
        let success =
            terminal && limit == nil && config.terminalVerdict == .environment
            ? try await environment.outcome().success : nil
        for repair in observation.repairs {
            emit(.error(ErrorRecord(episode: episode, node: node, source: .environment, message: repair)))
        }
        let text = Blob(observation.text)
        let images = observation.images.map { Blob(image: $0) }
        for problem in observation.imageProblems {
            emit(
                .error(ErrorRecord(episode: episode, node: node, source: problem.source, message: problem.description)))
        }
        tree[node].observe(text, reward: observation.reward, terminal: terminal, success: success)
        tree[node].images = images
        emit(
            .observed(
                Observed(
                    episode: episode, node: node, observation: text.ref, reward: observation.reward,
                    terminal: terminal, success: success, images: images.compactMap(ObservedImage.init))),
            blobs: [text] + images)
        if let limit {
            limits[node] = limit
            setValue(0, of: node, method: .limit, samples: [])
        }
        if environment.supportsSnapshot {
            snapshots[node] = try await environment.snapshot()
        }
    }
}
