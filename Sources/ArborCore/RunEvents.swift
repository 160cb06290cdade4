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

    public init(
        formatVersion: Int = Event.formatVersion, environment: String, model: String, method: String, seed: UInt64,
        config: [String: String] = [:], parent: RunOrigin? = nil
    ) {
        self.formatVersion = formatVersion
        self.environment = environment
        self.model = model
        self.method = method
        self.seed = seed
        self.config = config
        self.parent = parent
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

/// An episode ends. `estimatedSuccess` is what the agent believed (the committed leaf's value).
public struct EpisodeEnded: Sendable, Codable, Equatable {
    public var episode: Int
    public var success: Bool
    public var reward: Double
    public var estimatedSuccess: Double
    public var steps: Int
    /// Why it ended: `stopped` (the agent answered), `terminal`, `maxSteps`, `tokens`, `error`, `interrupted`.
    public var reason: String
    public init(episode: Int, success: Bool, reward: Double, estimatedSuccess: Double, steps: Int, reason: String) {
        self.episode = episode
        self.success = success
        self.reward = reward
        self.estimatedSuccess = estimatedSuccess
        self.steps = steps
        self.reason = reason
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
    public init(
        episode: Int?, node: NodeID?, role: ModelRole, model: String, tokensIn: Int, tokensOut: Int,
        latencyMs: Double, cached: Bool = false, costUSD: Double? = nil, error: String? = nil,
        prompt: BlobRef? = nil, completion: BlobRef? = nil
    ) {
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

/// The part an agent plays in a call.
public enum ModelRole: String, Sendable, Codable, CaseIterable {
    case policy, value, supporter, opponent, judge, reflector, embedding
}

/// Something went wrong without ending the run: a model call that failed for good, an environment that died.
public struct ErrorRecord: Sendable, Codable, Equatable {
    public var episode: Int?
    public var node: NodeID?
    /// What failed: `model`, `environment`, `parser`, `engine`; or `limit`, a server limit Arbor adapted to (the
    /// search went on).
    public var source: String
    public var message: String
    public init(episode: Int?, node: NodeID?, source: String, message: String) {
        self.episode = episode
        self.node = node
        self.source = source
        self.message = message
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
