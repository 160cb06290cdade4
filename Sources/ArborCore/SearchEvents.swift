// Payloads of the events that record the phases of a search.

/// A real step begins: the search starts from `node`, which becomes the end of the committed path
/// (a node above the current end rewinds the episode to it).
public struct StepStarted: Sendable, Codable, Equatable {
    public var episode: Int
    public var step: Int
    public var node: NodeID
    public init(episode: Int, step: Int, node: NodeID) {
        self.episode = episode
        self.step = step
        self.node = node
    }
}

extension StepStarted: EventPayload {
    public static let kind = EventKind.stepStarted
    public var event: Event { .stepStarted(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, node) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        try tree.check(node, seq)
        let path = tree.path(to: node)
        let kept = Set(path)
        for id in tree.committedPath where !kept.contains(id) {
            tree.records[id.rawValue].committed = false
            tree.records[id.rawValue].abandoned = true
        }
        for id in path {
            tree.records[id.rawValue].committed = true
            tree.records[id.rawValue].abandoned = false
        }
        tree.committedPath = path
        tree.step = step
        tree.iteration = 0
        tree.activeNode = node
        tree.inFlight = []
    }
}

public struct IterationStarted: Sendable, Codable, Equatable {
    public var episode: Int
    public var step: Int
    public var iteration: Int
    /// Which of the simulations in flight together this iteration is (1 to K) when the search runs more than one at a
    /// time; nil when it runs one (and in logs written before parallel simulations).
    public var simulation: Int?
    public init(episode: Int, step: Int, iteration: Int, simulation: Int? = nil) {
        self.episode = episode
        self.step = step
        self.iteration = iteration
        self.simulation = simulation
    }
}

extension IterationStarted: EventPayload {
    public static let kind = EventKind.iterationStarted
    public var event: Event { .iterationStarted(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, nil) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        tree.step = step
        tree.iteration = iteration
    }
}

/// One child as the selection rule saw it: visits, mean value, prior and the score it was ranked by.
public struct Candidate: Sendable, Codable, Equatable {
    public var node: NodeID
    public var visits: Int
    public var q: Double
    public var prior: Double
    public var score: Double
    public init(node: NodeID, visits: Int, q: Double, prior: Double, score: Double) {
        self.node = node
        self.visits = visits
        self.q = q
        self.prior = prior
        self.score = score
    }
}

/// Selection walked `path` (from the search root to the leaf). `levels[i]` holds every candidate at
/// `path[i]`'s children, so the choice can be audited. `forced` names who forced it, when a person did.
///
/// With parallel simulations `simulation` says which one walked the path (1 to K): its leaf is then in flight until a
/// `backedUp` of the same simulation, and the candidates' N and Q include the virtual loss of the simulations
/// already in flight, as the rule saw them.
public struct Selected: Sendable, Codable, Equatable {
    public var episode: Int
    public var path: [NodeID]
    public var levels: [[Candidate]]
    public var forced: String?
    public var simulation: Int?
    public init(episode: Int, path: [NodeID], levels: [[Candidate]], forced: String? = nil, simulation: Int? = nil) {
        self.episode = episode
        self.path = path
        self.levels = levels
        self.forced = forced
        self.simulation = simulation
    }
}

extension Selected: EventPayload {
    public static let kind = EventKind.selected
    public var event: Event { .selected(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, path.last) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        try tree.checkChain(path, seq)
        tree.activeNode = path.last
        if simulation != nil, let leaf = path.last { tree.inFlight.append(leaf) }
    }
}

/// A new child: the grounded action, its prior, how many policy samples proposed it and why.
public struct ExpandedChild: Sendable, Codable, Equatable {
    public var node: NodeID
    public var action: String
    public var prior: Double
    public var count: Int
    public var rationale: BlobRef?
    /// The label the parent's page gives the element the action names (``ElementLabel``), when it names one.
    public var label: String?
    public init(
        node: NodeID, action: String, prior: Double, count: Int, rationale: BlobRef? = nil, label: String? = nil
    ) {
        self.node = node
        self.action = action
        self.prior = prior
        self.count = count
        self.rationale = rationale
        self.label = label
    }
}

/// `parent` was expanded. Children ids are the next free ids of the episode, in order.
public struct Expanded: Sendable, Codable, Equatable {
    public var episode: Int
    public var parent: NodeID
    public var children: [ExpandedChild]
    /// Policy samples drawn, and how many of them could not be parsed into an action.
    public var samples: Int
    public var unparseable: Int
    /// The samples that gave no child and why, alike ones counted together; nil when every sample gave one (and in
    /// logs written before rejected samples were recorded).
    public var rejected: [RejectedSample]?
    public init(
        episode: Int, parent: NodeID, children: [ExpandedChild], samples: Int, unparseable: Int,
        rejected: [RejectedSample]? = nil
    ) {
        self.episode = episode
        self.parent = parent
        self.children = children
        self.samples = samples
        self.unparseable = unparseable
        self.rejected = rejected
    }
}

/// Policy samples that gave no child: the action read from them (or the start of the text, when none was), why they
/// were turned away, and how many samples were alike.
public struct RejectedSample: Sendable, Codable, Equatable {
    public var text: String
    public var reason: String
    public var count: Int
    public init(text: String, reason: String, count: Int) {
        self.text = text
        self.reason = reason
        self.count = count
    }
}

extension Expanded: EventPayload {
    public static let kind = EventKind.expanded
    public var event: Event { .expanded(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, parent) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        try tree.check(parent, seq)
        let depth = Int(tree.records[parent.rawValue].depth) + 1
        for child in children {
            guard child.node.rawValue == tree.records.count else {
                throw .unexpectedChild(
                    seq: seq, episode: episode, node: child.node, expected: NodeID(tree.records.count))
            }
            tree.records.append(
                NodeRecord(
                    parent: parent, depth: depth, prior: child.prior, sampleCount: child.count,
                    createdAtStep: tree.step))
            tree.actions.append(child.action)
            tree.rationales.append(child.rationale)
            tree.labels.append(child.label)
            tree.link(child.node, under: parent)
        }
        tree.activeNode = parent
    }
}

/// The environment showed `observation` at `node` (after taking its action from the parent's state).
public struct Observed: Sendable, Codable, Equatable {
    /// How the observation of a node whose action the environment refused begins; the reason follows.
    public static let refusalMark = "(refused) "

    public var episode: Int
    public var node: NodeID
    public var observation: BlobRef
    public var reward: Double
    public var terminal: Bool
    /// For a terminal node, whether the environment's check passed; nil while unknown.
    public var success: Bool?
    /// The images (screenshots) the environment showed with the text, in its order; none for most environments.
    public var images: [ObservedImage]
    public init(
        episode: Int, node: NodeID, observation: BlobRef, reward: Double, terminal: Bool, success: Bool?,
        images: [ObservedImage] = []
    ) {
        self.episode = episode
        self.node = node
        self.observation = observation
        self.reward = reward
        self.terminal = terminal
        self.success = success
        self.images = images
    }

    private enum CodingKeys: String, CodingKey {
        case episode, node, observation, reward, terminal, success, images
    }

    // `images` is written only when there are some and read as none when absent, so logs from before images
    // decode unchanged and a text-only log's bytes stay what they were.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        episode = try c.decode(Int.self, forKey: .episode)
        node = try c.decode(NodeID.self, forKey: .node)
        observation = try c.decode(BlobRef.self, forKey: .observation)
        reward = try c.decode(Double.self, forKey: .reward)
        terminal = try c.decode(Bool.self, forKey: .terminal)
        success = try c.decodeIfPresent(Bool.self, forKey: .success)
        images = try c.decodeIfPresent([ObservedImage].self, forKey: .images) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(episode, forKey: .episode)
        try c.encode(node, forKey: .node)
        try c.encode(observation, forKey: .observation)
        try c.encode(reward, forKey: .reward)
        try c.encode(terminal, forKey: .terminal)
        try c.encodeIfPresent(success, forKey: .success)
        if !images.isEmpty { try c.encode(images, forKey: .images) }
    }
}

extension Observed: EventPayload {
    public static let kind = EventKind.observed
    public var event: Event { .observed(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, node) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        try tree.check(node, seq)
        tree.observations.append(observation)
        tree.records[node.rawValue].observation = Int32(truncatingIfNeeded: tree.observations.count - 1)
        tree.records[node.rawValue].reward = reward
        tree.records[node.rawValue].terminal = terminal
        tree.records[node.rawValue].success = success
        if images.isEmpty { tree.images[node] = nil } else { tree.images[node] = images }
    }
}

/// How the environment was brought back to an earlier node's state.
public enum BacktrackMethod: String, Sendable, Codable {
    /// A saved snapshot was restored.
    case restore
    /// The environment was reset and the actions from the root replayed.
    case replay
}

public struct Backtracked: Sendable, Codable, Equatable {
    public var episode: Int
    public var to: NodeID
    public var method: BacktrackMethod
    public var actionsReplayed: Int
    public var durationMs: Double
    /// Which instance of the episode's pool of environments moved (1 is the episode's own), when it has a pool; nil
    /// when one environment serves the episode.
    public var instance: Int?
    public init(
        episode: Int, to: NodeID, method: BacktrackMethod, actionsReplayed: Int, durationMs: Double,
        instance: Int? = nil
    ) {
        self.episode = episode
        self.to = to
        self.method = method
        self.actionsReplayed = actionsReplayed
        self.durationMs = durationMs
        self.instance = instance
    }
}

extension Backtracked: EventPayload {
    public static let kind = EventKind.backtracked
    public var event: Event { .backtracked(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, to) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) { try tree.check(to, seq) }
}

/// How a node got its value.
public enum EvaluationMethod: String, Sendable, Codable {
    /// Sampled judgements of one value agent, averaged.
    case single
    /// The multi-agent debate.
    case debate
    /// The environment's own verdict at a terminal node.
    case terminal
    /// A person set it.
    case human
    /// A state past one of the search's limits (the step limit, or an action repeated too often): a dead end, valued
    /// 0 without asking anyone (ExACT's early stop inside the search).
    case limit
}

public struct Evaluated: Sendable, Codable, Equatable {
    public var episode: Int
    public var node: NodeID
    public var value: Double
    public var method: EvaluationMethod
    /// The individual judgements that were averaged.
    public var samples: [Double]
    public init(episode: Int, node: NodeID, value: Double, method: EvaluationMethod, samples: [Double] = []) {
        self.episode = episode
        self.node = node
        self.value = value
        self.method = method
        self.samples = samples
    }
}

extension Evaluated: EventPayload {
    public static let kind = EventKind.evaluated
    public var event: Event { .evaluated(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, node) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        try tree.check(node, seq)
        tree.records[node.rawValue].value = value
        tree.records[node.rawValue].evaluationMethod = method
        tree.records[node.rawValue].evaluations += 1
        tree.activeNode = node
    }
}

public enum DebateRole: String, Sendable, Codable {
    case supporter, opponent, judge
}

/// One turn of a debate: an argument, or a judge's verdict with its vote (`A`…`E`).
public struct DebateTurn: Sendable, Codable, Equatable {
    public var role: DebateRole
    public var text: BlobRef
    public var vote: String?
    /// For a judge: 0 when it read the supporter first, 1 when it read the opponent first.
    public var order: Int?
    public init(role: DebateRole, text: BlobRef, vote: String? = nil, order: Int? = nil) {
        self.role = role
        self.text = text
        self.vote = vote
        self.order = order
    }
}

public struct Debate: Sendable, Codable, Equatable {
    public var episode: Int
    public var node: NodeID
    public var turns: [DebateTurn]
    public var value: Double
    public init(episode: Int, node: NodeID, turns: [DebateTurn], value: Double) {
        self.episode = episode
        self.node = node
        self.turns = turns
        self.value = value
    }
}

extension Debate: EventPayload {
    public static let kind = EventKind.debate
    public var event: Event { .debate(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, node) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        try tree.check(node, seq)
        tree.records[node.rawValue].debated = true
    }
}

/// `value` was added to the running mean of every node on `path` (root first).
public struct BackedUp: Sendable, Codable, Equatable {
    public var episode: Int
    public var path: [NodeID]
    public var value: Double
    /// What each node on `path` adds to `value` before recording it: the weighted step rewards from that node down to
    /// the leaf (``SearchConfig``'s `stepRewardWeight`); nil when none adds anything, as in ExACT.
    public var rewards: [Double]?
    /// The simulation (1 to K) that ends here, when several were in flight; its leaf is in flight no more.
    public var simulation: Int?
    public init(episode: Int, path: [NodeID], value: Double, rewards: [Double]? = nil, simulation: Int? = nil) {
        self.episode = episode
        self.path = path
        self.value = value
        self.rewards = rewards
        self.simulation = simulation
    }

    /// The value recorded at the `index`th node of the path.
    public func value(at index: Int) -> Double {
        guard let rewards, index < rewards.count else { return value }
        return value + rewards[index]
    }
}

extension BackedUp: EventPayload {
    public static let kind = EventKind.backedUp
    public var event: Event { .backedUp(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, path.last) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        try tree.checkChain(path, seq)
        for (index, id) in path.enumerated() { tree.records[id.rawValue].stats.record(value(at: index)) }
        if simulation != nil, let leaf = path.last, let index = tree.inFlight.firstIndex(of: leaf) {
            tree.inFlight.remove(at: index)
        }
    }
}

public struct ReflectionsRetrieved: Sendable, Codable, Equatable {
    public var episode: Int
    public var node: NodeID
    public var kind: ReflectionKind
    public var ids: [String]
    public var scores: [Double]
    public init(episode: Int, node: NodeID, kind: ReflectionKind, ids: [String], scores: [Double]) {
        self.episode = episode
        self.node = node
        self.kind = kind
        self.ids = ids
        self.scores = scores
    }
}

extension ReflectionsRetrieved: EventPayload {
    public static let kind = EventKind.reflectionsRetrieved
    public var event: Event { .reflectionsRetrieved(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, node) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        try tree.check(node, seq)
        tree.records[node.rawValue].reflectionsUsed += Int32(truncatingIfNeeded: ids.count)
    }
}

/// Why a step's search stopped.
public enum StopReason: String, Sendable, Codable {
    case iterations, wallClock, tokens, success, commanded, noActions
}

/// A real step was taken: `node` (a child of the committed node) joins the committed path.
public struct ActionCommitted: Sendable, Codable, Equatable {
    public var episode: Int
    public var step: Int
    public var node: NodeID
    public var action: String
    public var stopReason: StopReason
    public var iterations: Int
    public init(episode: Int, step: Int, node: NodeID, action: String, stopReason: StopReason, iterations: Int) {
        self.episode = episode
        self.step = step
        self.node = node
        self.action = action
        self.stopReason = stopReason
        self.iterations = iterations
    }
}

extension ActionCommitted: EventPayload {
    public static let kind = EventKind.actionCommitted
    public var event: Event { .actionCommitted(self) }
    public var place: (episode: Int?, node: NodeID?) { (episode, node) }
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {
        try tree.check(node, seq)
        guard tree.parent(of: node) == tree.committedNode else {
            throw .brokenPath(seq: seq, episode: episode, path: tree.committedPath + [node])
        }
        tree.committedPath.append(node)
        tree.records[node.rawValue].committed = true
    }
}
