import ArborCore
import ArborEnvironments

// Bringing a wave's pooled instances to their leaves all at once. Each simulation's instance is reset and replayed
// (and stepped into its leaf the first time) at the same time as the others', since every instance is a separate
// environment held by one simulation; what each move did is then recorded in the order the simulations were selected,
// as ``reach(_:on:)`` records one move, so the log does not depend on which move finished first.
extension EpisodeRunner {
    /// Where a simulation's instance must go, worked out from the tree before anything moves.
    struct Move: @unchecked Sendable {
        /// The instance; held by this simulation alone, which is what makes moving it apart from the others safe.
        var environment: any Environment
        /// The node whose state the instance is reset and replayed to, or nil when it is there already.
        var target: NodeID?
        /// The actions from the root to the target's state.
        var actions: [String]
        /// The leaf's action, when the leaf has not been observed and the instance steps into it from its parent.
        var step: String?
    }

    /// What a move did, before it is recorded.
    struct Arrival: @unchecked Sendable {
        /// How many actions the reset replayed and how long it took, when the instance was reset.
        var replayed: (actions: Int, milliseconds: Double)?
        /// What stepping into the leaf gave, when it did.
        var stepped: Result<Observation, any Error>?
        /// Why the reset or the replay failed, when one did.
        var failure: (any Error)?
    }

    /// Brings each simulation's instance to its leaf, all at once, and records each move in the order given.
    /// `simulations` are (leaf, instance) pairs of a pooled wave; an instance that failed on the way is replaced
    /// and tried once more, one at a time, as ``reach(_:replacingOnFailure:)`` does.
    func arrive(_ simulations: [(leaf: NodeID, instance: Int)]) async throws {
        let moves = simulations.map { move(to: $0.leaf, on: $0.instance) }
        let task = task
        let clock = clock
        let arrivals = await withTaskGroup(of: (Int, Arrival?).self) { group in
            for (index, move) in moves.enumerated() {
                guard let move else { continue }
                group.addTask { (index, await Self.perform(move, task: task, clock: clock)) }
            }
            var arrivals = [Arrival?](repeating: nil, count: moves.count)
            for await (index, arrival) in group { arrivals[index] = arrival }
            return arrivals
        }
        try Task.checkCancellation()
        for (simulation, (move, arrival)) in zip(simulations, zip(moves, arrivals)) {
            guard let move, let arrival else { continue }
            try await record(arrival, of: move, to: simulation.leaf, on: simulation.instance)
        }
    }

    /// Where an instance must go to be in `leaf`'s state, as ``reach(_:on:)`` would take it; nil when it is there.
    private func move(to leaf: NodeID, on instance: Int) -> Move? {
        guard environments[instance].at != leaf else { return nil }
        let firstVisit = !tree[leaf].observed && tree[leaf].parent != nil
        let node = firstVisit ? tree[leaf].parent! : leaf
        let target: NodeID? = environments[instance].at == node ? nil : node
        // A refused action left the environment in its parent's state.
        let state = refused[node] ? tree[node].parent ?? node : node
        return Move(
            environment: environments[instance].environment, target: target,
            actions: target == nil ? [] : tree.actions(to: state), step: firstVisit ? tree[leaf].action : nil)
    }

    /// Does a move's environment work, away from the tree.
    private static func perform(_ move: Move, task: TaskSpec, clock: any SearchClock) async -> Arrival {
        var arrival = Arrival()
        if move.target != nil {
            let started = clock.seconds()
            do {
                _ = try await move.environment.reset(task)
                for action in move.actions { _ = try await move.environment.step(action) }
            } catch {
                arrival.failure = error
                return arrival
            }
            arrival.replayed = (move.actions.count, (clock.seconds() - started) * 1000)
        }
        if let step = move.step {
            do {
                arrival.stepped = .success(try await move.environment.step(step))
            } catch {
                arrival.stepped = .failure(error)
            }
        }
        return arrival
    }

    /// Records one move as ``reach(_:on:)`` records it: the backtrack, then the leaf's observation (or refusal).
    private func record(_ arrival: Arrival, of move: Move, to leaf: NodeID, on instance: Int) async throws {
        if let target = move.target {
            environments[instance].at = nil
            guard let replayed = arrival.replayed else {
                return try await recover(leaf, on: instance, from: arrival.failure ?? CancellationError())
            }
            environments[instance].at = target
            environments.countReplay(actions: replayed.actions, milliseconds: replayed.milliseconds)
            emit(
                .backtracked(
                    Backtracked(
                        episode: episode, to: target, method: .replay, actionsReplayed: replayed.actions,
                        durationMs: replayed.milliseconds, instance: instance + 1)))
        }
        guard let stepped = arrival.stepped, let parent = tree[leaf].parent else { return }
        environments[instance].at = nil
        switch stepped {
        case .success(let observation):
            environments[instance].at = leaf
            try await observe(leaf, observation, on: instance)
        case .failure(EnvironmentError.invalidAction(let action, let reason)):
            environments[instance].at = parent
            try await refuse(leaf, "the environment refused \(action): \(reason)")
        case .failure(let error):
            try await recover(leaf, on: instance, from: error)
        }
    }
}
