/// The fold of a run's log: `state(run, t) = fold(events with seq <= t)`. Every view of a run — live, stepping,
/// replay, export — is built from this one function, and the engine's own tree must equal it.
///
/// Applying an event costs O(path length) at most, so a million events fold in about a second.
public struct RunState: Sendable, Equatable {
    public internal(set) var started: RunStarted?
    public internal(set) var status: RunStatus = .running
    public internal(set) var episodes: [Int: EpisodeTree] = [:]
    /// Earlier attempts at an episode that a worker abandoned (it stopped heartbeating and the episode was run again),
    /// oldest first, by episode; kept as the log has them, and counted nowhere.
    public internal(set) var abandonedAttempts: [Int: [EpisodeTree]] = [:]
    public internal(set) var reflections: [Reflection] = []
    /// The seq of the last event applied; 0 before any.
    public internal(set) var lastSeq: Int64 = 0
    public internal(set) var lastTime: Double = 0
    public internal(set) var eventCount = 0
    public internal(set) var modelCalls = 0
    public internal(set) var tokensIn = 0
    public internal(set) var tokensOut = 0
    public internal(set) var costUSD = 0.0
    public internal(set) var errors: [ErrorRecord] = []

    public init() {}

    /// Folds a whole log.
    public init(_ records: some Sequence<EventRecord>) throws(FoldError) {
        for record in records { try apply(record) }
    }

    /// Episodes in index order.
    public var orderedEpisodes: [EpisodeTree] { episodes.keys.sorted().map { episodes[$0]! } }

    public mutating func apply(_ record: EventRecord) throws(FoldError) {
        guard record.seq > lastSeq else { throw .outOfOrder(seq: record.seq, after: lastSeq) }
        // The fold holds the state while it applies the event, so that it changes it in place rather than a copy.
        var fold = Fold(seq: record.seq)
        swap(&self, &fold.state)
        defer { swap(&self, &fold.state) }
        try record.event.visit(&fold)
        fold.state.lastSeq = record.seq
        fold.state.lastTime = record.time
        fold.state.eventCount += 1
    }

    /// Applies one payload: its part in the run, then its part in its episode's tree.
    private struct Fold: EventVisitor {
        let seq: Int64
        var state = RunState()

        init(seq: Int64) { self.seq = seq }

        mutating func visit<Payload: EventPayload>(_ payload: Payload) throws(FoldError) {
            if state.started == nil, Payload.kind != .runStarted {
                throw .beforeRunStarted(seq: seq, kind: Payload.kind)
            }
            try payload.fold(into: &state, seq: seq)
            if let episode = payload.place.episode, Payload.kind != .episodeStarted {
                guard state.episodes[episode] != nil else { throw .unknownEpisode(seq: seq, episode: episode) }
                try payload.fold(into: &state.episodes[episode]!, seq: seq)
            }
        }
    }
}
