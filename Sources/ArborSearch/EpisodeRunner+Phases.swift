import ArborCore
import ArborEnvironments
import ArborModels

// The four phases of an iteration — select, expand, evaluate, back up — and the budget check between iterations.
extension EpisodeRunner {
    /// Starts the episode: resets the environment to the task and records the root as the committed node; a fork then
    /// takes its prefix as real steps before the search starts.
    func begin() async throws {
        let observation: Observation
        do {
            observation = try await environment.reset(task)
        } catch {
            emit(.episodeStarted(EpisodeStarted(episode: episode, taskID: task.id, task: task.intent)))
            throw error
        }
        // The environment's own words for the task, when it has them, are what the agent reads from here on.
        if let words = environment.instruction, !words.isEmpty { instruction = words }
        emit(.episodeStarted(EpisodeStarted(episode: episode, taskID: task.id, task: instruction)))
        environmentAt = .root
        try await observe(.root, observation)
        emit(.stepStarted(StepStarted(episode: episode, step: step, node: .root)))
        stepStartedAt = clock.seconds()
        if tree[.root].terminal {
            await end(reason: .terminal)
            return
        }
        if let prefix, !prefix.actions.isEmpty {
            guard try await takePrefix(prefix) else { return }
            startStep()
            return
        }
        scheduleNext()
    }

    /// Decides whether another iteration may run or the step must be committed, by the budgets in order: tokens,
    /// iterations, wall clock. Greedy has no iterations: it expands the committed node and commits.
    func scheduleNext() {
        if let budget = config.tokenBudget, tokens >= budget {
            pending = .commit(.tokens, leaf: nil)
        } else if !config.method.searches {
            let node = tree.committedNode
            pending =
                tree[node].expanded && !mayExpandAgain(node) ? .commit(.iterations, leaf: nil) : .expand(path: [node])
        } else if let spent = searchBudgetSpent() {
            pending = .commit(spent, leaf: nil)
        } else {
            pending = .select
        }
    }

    /// The budget of the step's search that has run out, if any: tokens, iterations, wall clock, in that order.
    func searchBudgetSpent() -> StopReason? {
        if let budget = config.tokenBudget, tokens >= budget { return .tokens }
        if iteration >= config.iterationsPerStep { return .iterations }
        if let limit = config.wallClockPerStep, clock.seconds() - stepStartedAt >= limit { return .wallClock }
        return nil
    }

    /// Walks from the committed node by the selection rule to a node that is unexpanded, terminal, or has no child
    /// left to choose; or, when a person forced a node, straight to it.
    func select() {
        iteration += 1
        emit(.iterationStarted(IterationStarted(episode: episode, step: step, iteration: iteration)))
        let walk = walk()
        forced = nil
        emit(.selected(Selected(episode: episode, path: walk.path, levels: walk.levels, forced: walk.author)))
        pending = .expand(path: walk.path)
    }

    /// The path selection takes from the committed node, every level's candidates, and who forced it; the statistics
    /// it reads carry the virtual loss of the simulations in flight.
    func walk() -> (path: [NodeID], levels: [[Candidate]], author: String?) {
        let selector = ChildSelector(rule: config.selection, c: config.cPuct)
        // The walk reads locals, not the runner's properties: every read of a class's stored property is checked for
        // exclusive access at run time, and a walk reads the tree and the statistics dozens of times.
        let tree = self.tree
        let stepStatistics = self.stepStatistics
        let carry = config.carryStatistics
        let virtualLoss = self.virtualLoss
        func statistics(_ node: NodeID) -> VisitStatistics {
            virtualLoss.adjusted(carry ? tree[node].stats : stepStatistics[node.rawValue], at: node)
        }
        let root = tree.committedNode
        // Room for a deep walk up front, so a selection's arrays are allocated once, not regrown level by level.
        var levels: [[Candidate]] = []
        levels.reserveCapacity(16)
        var path = [root]
        path.reserveCapacity(16)
        var author: String?
        if let forced, let forcedPath = tree.path(from: root, to: forced.node) {
            author = forced.author
            for node in forcedPath.dropLast() {
                levels.append(selector.candidates(of: node, in: tree, statistics: statistics))
            }
            path = forcedPath
        } else {
            // Under a lock the walk goes straight down the committed node's path to the locked node, then by the rule.
            let start = selectionRoot
            var node = start
            if start != root, let lockPath = tree.path(from: root, to: start) {
                for ancestor in lockPath.dropLast() {
                    levels.append(selector.candidates(of: ancestor, in: tree, statistics: statistics))
                }
                path = lockPath
            }
            while tree[node].expanded, !tree[node].terminal, !mayExpandAgain(node) {
                let candidates = selector.candidates(of: node, in: tree, statistics: statistics)
                guard let best = selector.choose(candidates) else { break }
                levels.append(candidates)
                node = best.node
                path.append(node)
            }
        }
        return (path, levels, author)
    }

    /// Brings the environment to the leaf (stepping into it the first time), then, unless the leaf is terminal or was
    /// expanded before, draws policy samples and adds the most proposed distinct actions as children.
    func expand(_ path: [NodeID]) async throws {
        let leaf = path[path.count - 1]
        try await reach(leaf)
        let next: SearchPhase = config.method.searches ? .evaluate(path: path) : .commit(.iterations, leaf: nil)
        guard needsExpansion(leaf) else {
            pending = next
            return
        }
        let context = await policyContext(leaf)
        guard
            let reply = try await survive(
                "the policy", at: leaf,
                {
                    try await agent.propose(context, samples: config.samples, temperature: config.temperature)
                })
        else {
            // Left unexpanded: a later iteration that selects it asks the policy again.
            pending = .commit(.iterations, leaf: nil)
            if config.method.searches {
                pending = .backUp(path: path, value: tree[leaf].value ?? config.method.valueScale.neutral)
            }
            return
        }
        addChildren(to: leaf, from: reply)
        pending = next
    }

    /// Whether the policy is asked at `leaf`: it is not terminal, and not expanded unless it may be expanded again.
    func needsExpansion(_ leaf: NodeID) -> Bool {
        !tree[leaf].terminal && (!tree[leaf].expanded || mayExpandAgain(leaf))
    }

    /// Counts an expansion of `leaf` (saying so when it is expanded again) and gives what the policy is shown there,
    /// with the lessons retrieved for it.
    func policyContext(_ leaf: NodeID) async -> AgentContext {
        if tree[leaf].expanded {
            emit(
                .error(
                    ErrorRecord(
                        episode: episode, node: leaf, source: .engine,
                        message:
                            "expanding node \(leaf.rawValue) again (expansion \(expansions[leaf] + 1) of at most "
                            + "\(config.maxExpansions)): its earlier expansions gave no action the environment accepts"
                    )))
        }
        expansions[leaf] += 1
        let reflections = await lessons(.policy, at: leaf)
        let attempt = policyAttempts[leaf]
        policyAttempts[leaf] = attempt + 1
        return context(at: leaf, reflections: reflections, attempt: attempt)
    }

    /// Records the policy's reply at `leaf` and adds the most proposed distinct actions as its children, grounded by
    /// the environment instance in the leaf's state (the episode's own unless another is named).
    func addChildren(to leaf: NodeID, from reply: AgentReply<[PolicySample]>, on instance: Int = 0) {
        record(reply)
        let environment = environments[instance].environment
        let plan = ExpansionPlan(samples: reply.value, branching: config.branching) { environment.ground($0) }
        var children: [ExpandedChild] = []
        children.reserveCapacity(plan.proposals.count)
        var blobs: [Blob] = []
        let firstID = tree.count
        let page = tree[leaf].observationText ?? ""
        for proposal in plan.proposals {
            let rationale = proposal.rationale.isEmpty ? nil : Blob(proposal.rationale)
            if let rationale { blobs.append(rationale) }
            children.append(
                ExpandedChild(
                    node: NodeID(firstID + children.count), action: proposal.action, prior: proposal.prior,
                    count: proposal.count, rationale: rationale?.ref, label: ElementLabel.of(proposal.action, in: page))
            )
        }
        tree.expand(leaf, with: children)
        stepStatistics.appendUnvisited(children.count)
        emit(
            .expanded(
                Expanded(
                    episode: episode, parent: leaf, children: children, samples: plan.samples,
                    unparseable: plan.unparseable, rejected: plan.rejected.isEmpty ? nil : plan.rejected)),
            blobs: blobs)
    }

    /// Whether an expanded node may be expanded again: none of its children is one the environment accepted (it had
    /// none, or each was refused), and it has had fewer expansions than the configuration allows.
    func mayExpandAgain(_ node: NodeID) -> Bool {
        guard expansions[node] < config.maxExpansions else { return false }
        return tree[node].children.allSatisfy { refused[$0] || tree[$0].excluded }
    }

    /// Values the leaf. A terminal takes the environment's verdict when the search may see it, and is judged like any
    /// other state otherwise; a node valued before (an exhausted node, or one a
    /// person valued) keeps its value; anything else asks the single judge or the debate.
    func evaluate(_ path: [NodeID]) async throws {
        let leaf = path[path.count - 1]
        // A model that fails for good marks the node (an error event) and the search goes on: the value is the scale's
        // neutral one, no information, and the node stays unvalued so a later visit asks again.
        var value = knownValue(leaf)
        if value == nil { value = try await survive("the evaluator", at: leaf, { try await estimate(leaf) }) }
        pending = .backUp(path: path, value: value ?? config.method.valueScale.neutral)
    }

    /// The leaf's value when no model need be asked: the value it was given before, or at a terminal the
    /// environment's verdict when the search may see it (recorded now).
    func knownValue(_ leaf: NodeID) -> Double? {
        if let known = tree[leaf].value { return known }
        guard tree[leaf].terminal, config.terminalVerdict == .environment else { return nil }
        // The environment's check, and its reward r ∈ [0, 1] as partial credit for a terminal that is not a success (a
        // MiniWoB answer half right), placed on the method's value scale (failure + r·(success − failure)) and kept
        // below the success value so only a success ends the search.
        let value =
            tree[leaf].success == true
            ? config.successValue
            : config.method.valueScale.partialCredit(reward: tree[leaf].reward, success: config.successValue)
        setValue(value, of: leaf, method: .terminal, samples: [])
        return value
    }

    /// Runs a model call; a failure other than cancellation is recorded as an `error` event on `node` and gives nil.
    func survive<T>(_ what: String, at node: NodeID, _ body: () async throws -> T) async throws -> T? {
        do {
            return try await body()
        } catch {
            return try survived(what, at: node, .failure(error))
        }
    }

    /// A model call's result: its value, or, when it failed other than by cancellation, nil after an `error` event on
    /// `node` (with the calls it made).
    func survived<T>(_ what: String, at node: NodeID, _ result: Result<T, any Error>) throws -> T? {
        switch result {
        case .success(let value):
            return value
        case .failure(let failure):
            let error = recordCalls(of: failure)
            if error is CancellationError || Task.isCancelled { throw error }
            emit(
                .error(ErrorRecord(episode: episode, node: node, source: .model, message: "\(what) failed: \(error)")))
            return nil
        }
    }

    /// Runs the configured evaluator on `node` and records its value.
    func estimate(_ node: NodeID) async throws -> Double {
        let context = try await valueContext(node)
        return recordValue(of: node, try await Self.askValue(agent, context, config: config))
    }

    /// What the evaluator is shown at `node`, with the lessons retrieved for it and, for the single value, the
    /// episode's rubric (asked for at the first evaluation).
    func valueContext(_ node: NodeID) async throws -> AgentContext {
        let reflections = await lessons(.value, at: node)
        let attempt = valueAttempts[node]
        valueAttempts[node] = attempt + 1
        var context = context(at: node, reflections: reflections, attempt: attempt)
        if !config.method.debates { context.rubric = try await taskRubric(context) }
        return context
    }

    /// What the evaluator said about a state.
    enum ValueAnswer: Sendable {
        case judgements(AgentReply<[ValueJudgement]>)
        case debate(DebateAnswers)
    }

    /// Asks the configured evaluator about the state in `context`: the debate, or the single value's judgements.
    static func askValue(_ agent: any Agent, _ context: AgentContext, config: SearchConfig) async throws -> ValueAnswer
    {
        if config.method.debates {
            return .debate(try await askDebate(agent, context, samples: config.judgeSamplesPerOrder))
        }
        return .judgements(try await agent.estimateValue(context, samples: config.valueSamples))
    }

    /// Records the evaluator's answer about `node` and gives (and sets) its value.
    func recordValue(of node: NodeID, _ answer: ValueAnswer) -> Double {
        switch answer {
        case .debate(let debate): recordDebate(of: node, debate)
        case .judgements(let reply): recordJudgements(of: node, reply)
        }
    }

    /// Records the single value's judgements of `node`; the value is their mean.
    func recordJudgements(of node: NodeID, _ reply: AgentReply<[ValueJudgement]>) -> Double {
        record(reply)
        let samples = reply.value.map { min(max($0.value, 0), 1) }
        if samples.isEmpty {
            emit(
                .error(
                    ErrorRecord(
                        episode: episode, node: node, source: .parser,
                        message: "the value agent gave no readable status; valued 0.5 (no information)")))
        }
        evaluations[node] = reply.value.enumerated().map { "Judgement \($0 + 1): \($1.text)" }.joined(separator: "\n\n")
        let value = samples.isEmpty ? ValueScale.single.neutral : samples.reduce(0, +) / Double(samples.count)
        setValue(value, of: node, method: .single, samples: samples)
        return value
    }

    /// The episode's rubric: asked of the agent once, at the first evaluation, and kept (ExACT caches it per task).
    func taskRubric(_ context: AgentContext) async throws -> String {
        if let rubric { return rubric }
        let reply = try await agent.writeRubric(context)
        record(reply)
        rubric = reply.value
        return reply.value
    }

    func setValue(_ value: Double, of node: NodeID, method: EvaluationMethod, samples: [Double]) {
        tree[node].value = value
        tree[node].evaluationMethod = method
        emit(.evaluated(Evaluated(episode: episode, node: node, value: value, method: method, samples: samples)))
    }

    /// Adds `value` to every node on `path`, each with the step rewards from it down to the leaf when they count
    /// (``SearchConfig/stepRewardWeight``). A leaf at the success value ends the step's search and commits its path.
    func backUp(_ path: [NodeID], value: Double) {
        let backedUp = BackedUp(
            episode: episode, path: path, value: value,
            rewards: tree.stepRewards(along: path, weight: config.stepRewardWeight))
        tree.record(backedUp)
        stepStatistics.record(backedUp)
        emit(.backedUp(backedUp))
        if path.count > 1, value >= config.successValue {
            pending = .commit(.success, leaf: path[path.count - 1])
        } else {
            scheduleNext()
        }
    }
}

extension ChunkedArray where Element == VisitStatistics {
    /// Adds statistics for `count` new nodes, under one access.
    mutating func appendUnvisited(_ count: Int) {
        for _ in 0..<count { append(VisitStatistics()) }
    }

    /// Adds `value` to the statistics of every node on `path` (indexed by node id), under one access.
    mutating func record(_ backedUp: BackedUp) {
        for (index, node) in backedUp.path.enumerated() { self[node.rawValue].record(backedUp.value(at: index)) }
    }
}
