/// How an episode's pool of environments served its parallel simulations: how many instances it held, how often an
/// instance was handed out already in (or one step from) its simulation's state, and what bringing instances back to
/// earlier states cost. Recorded on `episodeEnded` when the episode had a pool (several simulations at once on an
/// environment that cannot save its state); nil otherwise.
public struct EnvironmentPoolUsage: Sendable, Codable, Equatable {
    /// Instances the pool made over the episode, the episode's own environment included (its size, plus any made to
    /// replace one that failed).
    public var instances: Int
    /// Simulations an instance was handed to.
    public var leases: Int
    /// Leases of an instance already in the simulation's leaf state or its parent's, so that no reset was needed.
    public var reused: Int
    /// Instances closed after they failed and replaced by new ones.
    public var replaced: Int
    /// Resets to the task followed by a replay of the actions from the episode's root, by any instance.
    public var replays: Int
    /// Actions those replays stepped through.
    public var actionsReplayed: Int
    /// Wall time those replays took, in milliseconds.
    public var replayMs: Double

    public init(
        instances: Int = 0, leases: Int = 0, reused: Int = 0, replaced: Int = 0, replays: Int = 0,
        actionsReplayed: Int = 0, replayMs: Double = 0
    ) {
        self.instances = instances
        self.leases = leases
        self.reused = reused
        self.replaced = replaced
        self.replays = replays
        self.actionsReplayed = actionsReplayed
        self.replayMs = replayMs
    }
}
