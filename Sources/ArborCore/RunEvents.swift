// Payloads of the events that frame a run and its episodes.

/// How a run ended, or that it is still going.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, finished, interrupted, failed
}

/// Where a forked run came from: a node of an episode of another run.
public struct RunOrigin: Sendable, Codable, Equatable {
    public var run: RunID
    public var episode: Int
    public var node: NodeID
    public init(run: RunID, episode: Int, node: NodeID) {
        self.run = run
        self.episode = episode
        self.node = node
    }
}

/// The first event of every run: what was searched, with what, and how.
public struct RunStarted: Sendable, Codable, Equatable {
    /// The version of the event vocabulary this run was written with (``Event/formatVersion``).
    public var formatVersion: Int
    public var environment: String
    public var model: String
    public var method: String
    public var seed: UInt64
    /// The search configuration, flattened to names and values so any reader can show it.
    public var config: [String: String]
    public var parent: RunOrigin?
    /// The text of every prompt template the run used, as a blob, by file name (`judge.txt`); nil in logs written
    /// before templates were recorded.
    public var prompts: [String: BlobRef]?

    public init(
        formatVersion: Int = Event.formatVersion, environment: String, model: String, method: String, seed: UInt64,
        config: [String: String] = [:], parent: RunOrigin? = nil, prompts: [String: BlobRef]? = nil
    ) {
        self.formatVersion = formatVersion
        self.environment = environment
        self.model = model
        self.method = method
        self.seed = seed
        self.config = config
        self.parent = parent
        self.prompts = prompts
    }
}

extension RunStarted: EventPayload {
    public static let kind = EventKind.runStarted
    public var event: Event { .runStarted(self) }
    public var place: (episode: Int?, node: NodeID?) { (nil, nil) }
    public func fold(into run: inout RunState, seq: Int64) throws(FoldError) {
        run.started = self
        run.status = .running
    }

    /// The key of ``config`` that holds the environment's own name (an external environment's `hello`).
    public static let environmentNameKey = "environmentName"

    /// What to call the environment in lists: its own name when it gave one, else `environment` (the `--env` value).
    public var environmentName: String { config[Self.environmentNameKey] ?? environment }
}

/// The last event of a run.
public struct RunEnded: Sendable, Codable, Equatable {
    public var status: RunStatus
    public init(status: RunStatus) { self.status = status }
}

extension RunEnded: EventPayload {
    public static let kind = EventKind.runEnded
    public var event: Event { .runEnded(self) }
    public var place: (episode: Int?, node: NodeID?) { (nil, nil) }
    public func fold(into run: inout RunState, seq: Int64) throws(FoldError) { run.status = status }
}

/// An episode (one task) begins; its root node is created with id ``NodeID/root``.
public struct EpisodeStarted: Sendable, Codable, Equatable {
    public var episode: Int
    public var taskID: String
    /// The task's instruction as the agent sees it.
    public var task: String
    public init(episode: Int, taskID: String, task: String) {
        self.episode = episode
        self.taskID = taskID
        self.task = task
    }
}

extension EpisodeStarted: EventPayload {
    public static let kind = EventKind.episodeStarted
    public var event: Event { .episodeStarted(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, .root) }
    public func fold(into run: inout RunState, seq: Int64) throws(FoldError) {
        guard run.episodes[episode] == nil else { throw .duplicateEpisode(seq: seq, episode: episode) }
        run.episodes[episode] = EpisodeTree(self)
    }
}

/// An episode ends. `success` and `reward` are the environment's check, read once when the episode ends, for the
/// record; `estimatedSuccess` is the committed leaf's value; `estimate` is the agent's own verdict on the episode,
/// which is what reflection learns from unless the run says otherwise (`reflection.successSource`).
public struct EpisodeEnded: Sendable, Codable, Equatable {
    public var episode: Int
    public var success: Bool
    public var reward: Double
    public var estimatedSuccess: Double
    public var steps: Int
    public var reason: EpisodeEndReason
    /// Nil in logs of builds that did not estimate, and for episodes that ended before any search.
    public var estimate: SuccessEstimate?
    /// How the episode's pool of environments served its parallel simulations; nil when it had none.
    public var environments: EnvironmentPoolUsage?
    public init(
        episode: Int, success: Bool, reward: Double, estimatedSuccess: Double, steps: Int, reason: EpisodeEndReason,
        estimate: SuccessEstimate? = nil, environments: EnvironmentPoolUsage? = nil
    ) {
        self.episode = episode
        self.success = success
        self.reward = reward
        self.estimatedSuccess = estimatedSuccess
        self.steps = steps
        self.reason = reason
        self.estimate = estimate
        self.environments = environments
    }
}

/// Whether an episode succeeded, as the agent judges it without the environment's check: ExACT's self-supervised
/// estimate, the mean Q of the committed actions above a threshold.
public struct SuccessEstimate: Sendable, Codable, Equatable {
    /// The mean Q the committed actions had when they were taken (steps replayed from a fork's prefix left out).
    public var meanQ: Double
    public var succeeded: Bool
    public init(meanQ: Double, succeeded: Bool) {
        self.meanQ = meanQ
        self.succeeded = succeeded
    }
}

extension EpisodeEnded: EventPayload {
    public static let kind = EventKind.episodeEnded
    public var event: Event { .episodeEnded(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, nil) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        tree.outcome = self
        tree.inFlight = []
    }
}

/// Why an episode ended.
public enum EpisodeEndReason: OpenNameSet {
    /// The agent answered (it committed a `stop` action).
    case stopped
    /// The committed action reached a terminal state without an answer.
    case terminal
    /// The episode used its real steps.
    case maxSteps
    /// The search committed a path whose leaf was valued at the success value (ExACT ends the episode there).
    case valued
    /// The committed path repeated one action past the run's `repeatLimit` (ExACT's early stop).
    case repeating
    /// The run's token budget ran out.
    case tokens
    /// The search found no action to commit.
    case noActions
    /// A model or the environment failed for good.
    case error
    /// The run was stopped from outside.
    case interrupted
    /// A reason this build does not know, as the log has it.
    case other(String)

    public static let known: [Self] = [
        .stopped, .terminal, .maxSteps, .valued, .repeating, .tokens, .noActions, .error, .interrupted,
    ]

    public var rawValue: String {
        switch self {
        case .stopped: "stopped"
        case .terminal: "terminal"
        case .maxSteps: "maxSteps"
        case .valued: "valued"
        case .repeating: "repeating"
        case .tokens: "tokens"
        case .noActions: "noActions"
        case .error: "error"
        case .interrupted: "interrupted"
        case .other(let name): name
        }
    }
}

/// A model was called. Prompt and completion are blobs; keys never appear here.
public struct ModelCallRecord: Sendable, Codable, Equatable {
    public var episode: Int?
    public var node: NodeID?
    public var role: ModelRole
    public var model: String
    public var tokensIn: Int
    public var tokensOut: Int
    public var latencyMs: Double
    public var cached: Bool
    public var costUSD: Double?
    public var error: String?
    public var prompt: BlobRef?
    public var completion: BlobRef?
    /// The images sent with the prompt (to a model that sees them); nil when none were.
    public var images: [SentImage]?
    public init(
        episode: Int?, node: NodeID?, role: ModelRole, model: String, tokensIn: Int, tokensOut: Int,
        latencyMs: Double, cached: Bool = false, costUSD: Double? = nil, error: String? = nil,
        prompt: BlobRef? = nil, completion: BlobRef? = nil, images: [SentImage]? = nil
    ) {
        self.images = images
        self.episode = episode
        self.node = node
        self.role = role
        self.model = model
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.latencyMs = latencyMs
        self.cached = cached
        self.costUSD = costUSD
        self.error = error
        self.prompt = prompt
        self.completion = completion
    }
}

extension ModelCallRecord: EventPayload {
    public static let kind = EventKind.modelCall
    public var event: Event { .modelCall(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, node) }
    public func fold(into run: inout RunState, seq: Int64) throws(FoldError) {
        run.modelCalls += 1
        run.tokensIn += tokensIn
        run.tokensOut += tokensOut
        run.costUSD += costUSD ?? 0
    }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        tree.modelCalls += 1
        tree.tokens += tokensIn + tokensOut
    }
}

/// The part an agent plays in a call.
public enum ModelRole: String, Sendable, Codable, CaseIterable {
    case policy, value, supporter, opponent, judge, reflector, embedding
}

/// Something went wrong without ending the run: a model call that failed for good, an environment that died.
public struct ErrorRecord: Sendable, Codable, Equatable {
    public var episode: Int?
    public var node: NodeID?
    public var source: ErrorSource
    public var message: String
    public init(episode: Int?, node: NodeID?, source: ErrorSource, message: String) {
        self.episode = episode
        self.node = node
        self.source = source
        self.message = message
    }
}

extension ErrorRecord: EventPayload {
    public static let kind = EventKind.error
    public var event: Event { .error(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, node) }
    public func fold(into run: inout RunState, seq: Int64) throws(FoldError) { run.errors.append(self) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        guard let node else { return }
        try tree.check(node, seq)
        tree.records[node.rawValue].errors += 1
    }
}

/// What failed, in an ``ErrorRecord``.
public enum ErrorSource: OpenNameSet {
    /// A model call failed for good.
    case model
    /// The environment failed or died.
    case environment
    /// A model's answer could not be parsed.
    case parser
    /// The search itself could not go on (for example, a forked run's prefix could not be replayed).
    case engine
    /// The store could not keep an event as it was (it records this instead).
    case store
    /// A server limit Arbor adapted to (for example, the most samples per request); the search went on.
    case limit
    /// A source this build does not know, as the log has it.
    case other(String)

    public static let known: [Self] = [.model, .environment, .parser, .engine, .store, .limit]

    public var rawValue: String {
        switch self {
        case .model: "model"
        case .environment: "environment"
        case .parser: "parser"
        case .engine: "engine"
        case .store: "store"
        case .limit: "limit"
        case .other(let name): name
        }
    }
}

/// What a person did to the search.
public enum InterventionKind: String, Sendable, Codable, CaseIterable {
    case pause, resume, stepIteration, stepPhase, expand, reevaluate, backtrack, commit, exclude, allow
    case lockRoot, unlockRoot, overrideValue, annotate
}

/// A person's pause, step, expansion, backtrack, prune or override, with who did it.
public struct Intervention: Sendable, Codable, Equatable {
    public var kind: InterventionKind
    public var episode: Int?
    public var node: NodeID?
    public var author: String
    public var note: String?
    /// `done`, or `refused: why`.
    public var outcome: String
    public init(
        kind: InterventionKind, episode: Int?, node: NodeID?, author: String, note: String? = nil,
        outcome: String = "done"
    ) {
        self.kind = kind
        self.episode = episode
        self.node = node
        self.author = author
        self.note = note
        self.outcome = outcome
    }
}

extension Intervention: EventPayload {
    public static let kind = EventKind.intervention
    public var event: Event { .intervention(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, node) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        tree.interventions.append(self)
        guard let node else { return }
        try tree.check(node, seq)
        // A refused control changed nothing at the node: it is in the log (and the Notes tab), not on the node.
        guard outcome == "done" else { return }
        tree.records[node.rawValue].interventions += 1
        switch kind {
        case .exclude: tree.records[node.rawValue].excluded = true
        case .allow: tree.records[node.rawValue].excluded = false
        default: break
        }
    }
}
