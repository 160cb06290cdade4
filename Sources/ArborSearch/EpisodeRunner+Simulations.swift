import ArborCore
import ArborModels

// Parallel simulations (``SearchConfig/simulations`` K > 1), as parallel MCTS does them (AlphaGo, KataGo, lc0): up to K
// selections in a row, each putting a virtual loss on its path so the next one spreads to other branches; an
// environment instance is brought to each leaf in turn (each simulation's own from the episode's pool, or the
// episode's one environment when it has no pool: see ``EnvironmentPool``); then every model call of the K simulations
// (policy samples, value judgements or debates) runs at once; then each simulation, in the order it was selected,
// records its expansion (grounding the proposed actions in its leaf's state) and value and backs its value up, its
// virtual loss taken off and its instance given back. Applying the answers in selection order, not in the
// order they arrive, keeps the log the same for the same answers however the calls were timed.
extension EpisodeRunner {
    /// One simulation of a wave: its number in the wave (1 to K), its path, the environment instance it holds, and
    /// what it asks the models.
    struct Simulation {
        var number: Int
        var path: [NodeID]
        var instance: Int
        /// What the policy is shown, when the leaf is to be expanded.
        var policy: AgentContext?
        /// What the evaluator is shown, or the leaf's value when no model need be asked.
        var value: Either
        var leaf: NodeID { path[path.count - 1] }

        enum Either {
            case known(Double)
            case ask(AgentContext)
        }
    }

    /// What the models answered one simulation; nil for what it did not ask.
    struct SimulationAnswers: Sendable {
        var proposal: Result<AgentReply<[PolicySample]>, any Error>?
        var value: Result<ValueAnswer, any Error>?
    }

    /// Runs one wave of simulations and schedules what follows: another wave, or the commit.
    ///
    /// A selection that reaches a leaf already in the wave is a collision: no simulation starts, its path takes a
    /// virtual loss until the wave ends, and K collisions end the wave early (at the start of a step every selection
    /// reaches the unexpanded committed node, so the first wave is that one simulation). A wave starts no simulation
    /// past the step's budgets, nor more than its pool of environments can hold. A pooled instance that fails is closed
    /// and replaced, and its simulation goes on with the new one; any other environment failure ends the episode as it
    /// does with one simulation. A model failure is an error event on its leaf and that simulation backs up the neutral
    /// value. Either way, and on cancellation, every virtual loss of the wave is taken off and every instance given
    /// back.
    func simulate() async throws {
        do {
            try await runWave()
        } catch {
            virtualLoss = VirtualLoss(loss: config.method.valueScale.failure)
            environments.releaseAll()
            throw error
        }
    }

    private func runWave() async throws {
        var wave: [Simulation] = []
        var collisions: [[NodeID]] = []
        var selected: [(path: [NodeID], number: Int, instance: Int)] = []
        // The simulations started so far: prepared one by one without a pool, only selected with one.
        var started: Int { wave.count + selected.count }
        while started < config.simulations, started == 0 || searchBudgetSpent() == nil, environments.canLease {
            let walk = walk()
            let leaf = walk.path[walk.path.count - 1]
            if wave.contains(where: { $0.leaf == leaf }) || selected.contains(where: { $0.path.last == leaf }) {
                // A collision: the path takes one more virtual loss, so the next selection looks elsewhere, and no
                // simulation starts; K collisions end the wave.
                virtualLoss.add(walk.path)
                collisions.append(walk.path)
                if collisions.count >= config.simulations { break }
                continue
            }
            iteration += 1
            let number = started + 1
            emit(
                .iterationStarted(
                    IterationStarted(episode: episode, step: step, iteration: iteration, simulation: number)))
            emit(.selected(Selected(episode: episode, path: walk.path, levels: walk.levels, simulation: number)))
            virtualLoss.add(walk.path)
            let instance = try await environments.lease(for: leaf, parent: tree[leaf].parent)
            if environments.isPool {
                // Moved with the others once the wave is selected.
                selected.append((walk.path, number, instance))
            } else {
                try await reach(leaf, replacingOnFailure: instance)
                wave.append(try await questions(walk.path, number: number, instance: instance))
            }
        }
        if !selected.isEmpty {
            try await arrive(selected.map { ($0.path[$0.path.count - 1], $0.instance) })
            for simulation in selected {
                wave.append(
                    try await questions(simulation.path, number: simulation.number, instance: simulation.instance))
            }
        }
        controller?.simulationsInFlight(wave.count)
        let answers = await Self.ask(agent, wave.map { ($0.policy, $0.value) }, config: config)
        controller?.simulationsInFlight(0)
        for path in collisions { virtualLoss.remove(path) }
        if Task.isCancelled { throw CancellationError() }
        var success: NodeID?
        for (simulation, answer) in zip(wave, answers) {
            let value = try await record(simulation, answer)
            virtualLoss.remove(simulation.path)
            environments.release(simulation.instance)
            let backedUp = BackedUp(
                episode: episode, path: simulation.path, value: value,
                rewards: tree.stepRewards(along: simulation.path, weight: config.stepRewardWeight),
                simulation: simulation.number)
            tree.record(backedUp)
            stepStatistics.record(backedUp)
            emit(.backedUp(backedUp))
            if success == nil, simulation.path.count > 1, value >= config.successValue { success = simulation.leaf }
        }
        if let success {
            pending = .commit(.success, leaf: success)
        } else {
            scheduleNext()
        }
    }

    /// Works out what a simulation whose instance is in its leaf's state will ask: the policy unless the leaf is
    /// terminal or expanded, the evaluator unless its value is known.
    private func questions(_ path: [NodeID], number: Int, instance: Int) async throws -> Simulation {
        let leaf = path[path.count - 1]
        let policy = needsExpansion(leaf) ? await policyContext(leaf) : nil
        let value: Simulation.Either
        if let known = knownValue(leaf) {
            value = .known(known)
        } else if let context = try await survive("the evaluator", at: leaf, { try await valueContext(leaf) }) {
            value = .ask(context)
        } else {
            value = .known(config.method.valueScale.neutral)
        }
        return Simulation(number: number, path: path, instance: instance, policy: policy, value: value)
    }

    /// Brings a pooled instance to `leaf`; when it fails (a child that died, timed out or answered garbage) it is
    /// closed, an error event on the leaf says so, and a new instance takes its place and tries once more. The
    /// episode's own environment is not replaced: its failure ends the episode, as with one simulation.
    private func reach(_ leaf: NodeID, replacingOnFailure instance: Int) async throws {
        do {
            try await reach(leaf, on: instance)
        } catch {
            try await recover(leaf, on: instance, from: error)
        }
    }

    /// After a pooled instance failed on its way to `leaf`: closes it, says so in an error event on the leaf, and
    /// brings a new instance in its place to the leaf. Any other failure is thrown on.
    func recover(_ leaf: NodeID, on instance: Int, from error: any Error) async throws {
        guard environments.isPool, instance != 0, !(error is CancellationError), !Task.isCancelled else {
            throw error
        }
        emit(
            .error(
                ErrorRecord(
                    episode: episode, node: leaf, source: .environment,
                    message:
                        "environment instance \(instance + 1) failed on the way to node \(leaf.rawValue) "
                        + "(\(error)); it was closed and a new instance takes its place")))
        try await environments.replace(instance)
        try await reach(leaf, on: instance)
    }

    /// Asks every question of the wave at once and gives the answers in the order of the questions.
    private static func ask(
        _ agent: any Agent, _ questions: [(policy: AgentContext?, value: Simulation.Either)], config: SearchConfig
    ) async -> [SimulationAnswers] {
        await withTaskGroup(of: (Int, SimulationAnswers).self) { group in
            for (index, question) in questions.enumerated() {
                let policy = question.policy
                let valueContext: AgentContext? = if case .ask(let context) = question.value { context } else { nil }
                group.addTask {
                    async let proposal = propose(agent, policy, config: config)
                    async let value = judge(agent, valueContext, config: config)
                    return (index, SimulationAnswers(proposal: await proposal, value: await value))
                }
            }
            var answers = Array(repeating: SimulationAnswers(), count: questions.count)
            for await (index, answer) in group { answers[index] = answer }
            return answers
        }
    }

    private static func propose(
        _ agent: any Agent, _ context: AgentContext?, config: SearchConfig
    ) async -> Result<AgentReply<[PolicySample]>, any Error>? {
        guard let context else { return nil }
        do {
            return .success(try await agent.propose(context, samples: config.samples, temperature: config.temperature))
        } catch {
            return .failure(error)
        }
    }

    private static func judge(
        _ agent: any Agent, _ context: AgentContext?, config: SearchConfig
    ) async -> Result<ValueAnswer, any Error>? {
        guard let context else { return nil }
        do {
            return .success(try await askValue(agent, context, config: config))
        } catch {
            return .failure(error)
        }
    }

    /// Records one simulation's answers: the leaf's children, then its value, which it gives. The children's actions
    /// are grounded in the leaf's state: the simulation's own instance is still there; without a pool the episode's
    /// environment is brought back to it. A policy that failed leaves the leaf unexpanded (a later selection asks
    /// again) and its value still counts; an evaluator that failed gives the neutral value.
    private func record(_ simulation: Simulation, _ answers: SimulationAnswers) async throws -> Double {
        let leaf = simulation.leaf
        if let proposal = answers.proposal, let reply = try survived("the policy", at: leaf, proposal) {
            try await reach(leaf, on: simulation.instance)
            addChildren(to: leaf, from: reply, on: simulation.instance)
        }
        switch simulation.value {
        case .known(let value):
            return value
        case .ask:
            guard let answer = answers.value, let value = try survived("the evaluator", at: leaf, answer) else {
                return config.method.valueScale.neutral
            }
            return recordValue(of: leaf, value)
        }
    }
}
