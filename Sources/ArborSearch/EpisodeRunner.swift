import ArborCore
import ArborEnvironments
import ArborModels

/// Runs one episode (one task) of a search, one phase at a time, writing every step to a sink.
///
/// The runner owns its environment, which is not `Sendable`: it is used from the task that calls the runner, and
/// every method runs on its caller's executor. Control from another task (a terminal UI) goes through a
/// ``SearchController`` handed to ``run(controller:)``; tests and tools can also call the phase and intervention
/// methods directly.
///
/// Children are stepped lazily: an expansion records the proposed actions and their priors without touching the
/// environment, and a child is stepped into (and `observed`) when a selection first reaches it or it is committed.
/// This is the paper's style and costs one environment step per visited child instead of `b` per expansion.
public final class EpisodeRunner {
    public let episode: Int
    public let task: TaskSpec
    /// The instruction the agent reads: the environment's words from `reset` when it gives them, else the task's
    /// `intent`.
    public internal(set) var instruction: String
    public let config: SearchConfig
    let environment: any Environment
    let agent: any Agent
    let sink: any EventSink
    public let memory: ReflectionMemory
    let clock: any SearchClock
    /// Real steps taken before the search starts (a fork's path to the node it was forked from).
    public let prefix: EpisodePrefix?

    /// The engine's own tree; the fold of the recorded log equals it.
    public internal(set) var tree = SearchTree()
    /// The phase ``advance()`` will perform next.
    public internal(set) var pending: SearchPhase = .start
    /// The real step being searched: how many actions the committed path holds.
    public internal(set) var step = 0
    /// Iterations begun in this step's search.
    public internal(set) var iteration = 0
    /// Tokens (in plus out) spent on model calls so far.
    public internal(set) var tokens = 0
    /// How the episode ended, once it has.
    public internal(set) var outcome: EpisodeEnded?

    /// Visit statistics of the current step's search alone, indexed by node id; selection and commitment read these
    /// unless statistics carry across steps.
    var stepStatistics = ChunkedArray([VisitStatistics()])
    /// The agent's lesson ranker failed in this episode: BM25 ranks lessons until it ends.
    var lessonRankerFailed = false
    var stepStartedAt = 0.0
    /// The episode's environment instances: its own (instance 0) and, for parallel simulations on an environment
    /// without snapshots, a pool of more.
    let environments: EnvironmentPool
    /// The node whose state the episode's own environment is in; nil when unknown (after a failure).
    var environmentAt: NodeID? {
        get { environments[0].at }
        set { environments[0].at = newValue }
    }
    var snapshots = NodeIndexed<EnvironmentSnapshot?>(absent: nil)
    /// Nodes whose action the environment refused: their state is their parent's.
    var refused = NodeIndexed(absent: false)
    /// Nodes the search reached past one of its limits: dead ends.
    var limits = NodeIndexed<SearchLimit?>(absent: nil)
    var policyAttempts = NodeIndexed(absent: 0)
    /// Expansions each node has had (a node is expanded again when the earlier ones gave no child it can use).
    var expansions = NodeIndexed(absent: 0)
    var valueAttempts = NodeIndexed(absent: 0)
    /// The paths of the simulations in flight, when several run at once (``SearchConfig/simulations``).
    var virtualLoss: VirtualLoss
    /// The controller steering ``run(controller:)``, told when simulations are in flight.
    var controller: SearchController?
    /// A person's demand that the next selection end at this node.
    var forced: (node: NodeID, author: String)?
    /// The node a person locked the search under: selection starts there instead of at the committed node.
    public internal(set) var lockedRoot: NodeID?
    /// The actions to the node an agent was last shown, kept for the next ask at the same node.
    private var recentActions: (node: NodeID, actions: [String], shown: [String])?
    /// The single value's rubric for this episode's task, written at the first evaluation.
    var rubric: String?
    /// How each evaluated node was judged (the debate, or the single value's answers), for value reflection.
    var evaluations: [NodeID: String] = [:]
    /// Each committed step with the Q its action had when it was taken, for reflection.
    var commits: [CommittedStep] = []

    struct CommittedStep {
        var from: NodeID
        var to: NodeID
        var expected: Double
        /// Taken from a fork's prefix, not chosen by this search.
        var replayed = false
    }

    public init(
        episode: Int, task: TaskSpec, environment: any Environment, agent: any Agent, config: SearchConfig,
        sink: any EventSink, memory: ReflectionMemory = ReflectionMemory(), clock: any SearchClock = SystemClock(),
        prefix: EpisodePrefix? = nil, makeEnvironment: (() async throws -> any Environment)? = nil
    ) {
        self.episode = episode
        self.task = task
        instruction = task.intent
        self.environment = environment
        self.agent = agent
        self.config = config
        self.sink = sink
        self.memory = memory
        self.clock = clock
        self.prefix = prefix
        virtualLoss = VirtualLoss(loss: config.method.valueScale.failure)
        // A pool only where it helps: several simulations at once, and no snapshots to restore a leaf's state from.
        let pooled = config.simulations > 1 && !environment.supportsSnapshot
        environments = EnvironmentPool(
            lead: environment, capacity: config.environments ?? config.simulations,
            make: pooled ? makeEnvironment : nil)
    }

    /// The statistics selection and commitment use for `node`: this step's alone, or the episode's when carried.
    public func searchStatistics(_ node: NodeID) -> VisitStatistics {
        config.carryStatistics ? tree[node].stats : stepStatistics[node.rawValue]
    }

    /// Performs the pending phase and returns it. A failure of the agent or environment is recorded as an `error`
    /// event and ends the episode (reason `error`); cancellation ends it as `interrupted`.
    @discardableResult
    public func advance() async -> SearchPhase {
        let phase = pending
        do {
            switch phase {
            case .start: try await begin()
            // Several simulations at once run as a wave; a forced selection is always one simulation alone.
            case .select where config.simulations > 1 && forced == nil: try await simulate()
            case .select: select()
            case .expand(let path): try await expand(path)
            case .evaluate(let path): try await evaluate(path)
            case .backUp(let path, let value): backUp(path, value: value)
            case .commit(let reason, let leaf): try await commit(reason, through: leaf)
            case .finished: break
            }
        } catch {
            await fail(error)
        }
        return phase
    }

    /// Performs phases until the current iteration is over (or the step is committed).
    public func advanceIteration() async {
        repeat { await advance() } while !pending.isIterationBoundary && pending != .finished
    }

    /// Runs the episode to its end, obeying `controller` between phases when one is given.
    @discardableResult
    public func run(controller: SearchController? = nil) async -> EpisodeEnded {
        self.controller = controller
        var obedience = controller.map { ControlLoop(controller: $0) }
        while pending != .finished {
            if Task.isCancelled {
                await end(reason: .interrupted)
                break
            }
            if obedience != nil {
                guard await obedience!.awaitPermission(self) else { continue }
            }
            await advance()
            obedience?.advanced(self)
        }
        controller?.report(.finished)
        return outcome
            ?? EpisodeEnded(
                episode: episode, success: false, reward: 0, estimatedSuccess: 0, steps: step, reason: .error)
    }

    // MARK: - Recording

    func emit(_ event: Event, blobs: [Blob] = []) {
        sink.append(event, blobs: blobs)
    }

    /// Records an agent reply's model calls (its texts travel with the first), counts their tokens, and records its
    /// notices as errors on the node the calls were for.
    func record<Value>(_ reply: AgentReply<Value>) {
        for (index, call) in reply.calls.enumerated() {
            tokens += call.tokensIn + call.tokensOut
            emit(.modelCall(call), blobs: index == 0 ? reply.blobs : [])
        }
        for notice in reply.notices {
            let node = reply.calls.first?.node ?? tree.committedNode
            emit(.error(ErrorRecord(episode: episode, node: node, source: notice.source, message: notice.message)))
        }
    }

    /// Records the model calls an agent call made before it failed (every attempt, with its error) and gives the
    /// error itself, so that `arbor calls` and the Calls tab count what failed as well as what answered.
    func recordCalls(of error: any Error) -> any Error {
        guard let failure = error as? AgentCallFailure else { return error }
        record(AgentReply((), calls: failure.calls, blobs: failure.blobs))
        return failure.underlying
    }

    /// What the agent is shown at `node`.
    func context(at node: NodeID, reflections: [Reflection], attempt: Int) -> AgentContext {
        // An iteration asks at the same leaf twice (to expand it and to value it); a node's path never changes, so
        // the second ask shares the first one's list of actions.
        let previousActions: [String]
        let shown: [String]
        if let recent = recentActions, recent.node == node {
            (previousActions, shown) = (recent.actions, recent.shown)
        } else {
            (previousActions, shown) = (tree.actions(to: node), tree.shownActions(to: node))
            recentActions = (node, previousActions, shown)
        }
        let earlier = tree.path(from: .root, to: node)?.dropLast().map { tree[$0].observationText ?? "" } ?? []
        var context = AgentContext(
            episode: episode, node: node, task: instruction, observation: tree[node].observationText ?? "",
            previousActions: previousActions, actionGrammar: environment.actionGrammar,
            actionSyntax: environment.actionSyntax, reflections: reflections, attempt: attempt,
            earlierObservations: earlier, rubric: rubric ?? "", previousActionsShown: shown)
        context.images = tree[node].images
        return context
    }

    /// Lessons of `kind` for `node`, recorded when any are found; none unless the method reflects. Ranked by the
    /// agent's lesson ranker (embeddings) when it has one — its calls recorded like any other — else by BM25; a
    /// ranker that fails is an error event on the node, and BM25 ranks instead for the rest of the episode.
    func lessons(_ kind: ReflectionKind, at node: NodeID) async -> [Reflection] {
        guard config.method.reflects else { return [] }
        let limit = kind == .policy ? config.reflection.policyTopK : config.reflection.valueTopK
        let query = instruction + " " + (tree[node].observationText ?? "")
        var ranked: [RetrievedReflection]?
        if let ranker = agent.lessonRanker, !lessonRankerFailed, limit > 0 {
            let pool = memory.reflections(of: kind)
            if pool.isEmpty { return [] }
            do {
                let reply = try await ranker.rank(
                    pool, query: query, limit: limit, floor: config.reflection.similarityFloor, episode: episode,
                    node: node)
                record(reply)
                ranked = reply.value.map { RetrievedReflection(reflection: $0.reflection, score: $0.score) }
            } catch is CancellationError {
                return []
            } catch {
                // Asked again at every expansion, a ranker that failed would fail again (and retry) each time.
                lessonRankerFailed = true
                emit(
                    .error(
                        ErrorRecord(
                            episode: episode, node: node, source: .model,
                            message:
                                "ranking lessons by embeddings failed; BM25 ranks them for the rest of this episode: \(error)"
                        )))
            }
        }
        let found =
            ranked
            ?? memory.retrieve(
                kind: kind, query: query, limit: limit, floor: config.reflection.relevanceFloor)
        guard !found.isEmpty else { return [] }
        emit(
            .reflectionsRetrieved(
                ReflectionsRetrieved(
                    episode: episode, node: node, kind: kind, ids: found.map(\.reflection.id),
                    scores: found.map(\.score))))
        return found.map(\.reflection)
    }

    func fail(_ error: any Error) async {
        let error = recordCalls(of: error)
        if error is CancellationError {
            await end(reason: .interrupted)
            return
        }
        let source: ErrorSource = error is EnvironmentError ? .environment : .model
        emit(.error(ErrorRecord(episode: episode, node: tree.committedNode, source: source, message: "\(error)")))
        environmentAt = nil
        await end(reason: .error)
    }
}
