/// The fold of a run's log: `state(run, t) = fold(events with seq <= t)`. Every view of a run — live, stepping,
/// replay, export — is built from this one function, and the engine's own tree must equal it.
///
/// Applying an event costs O(path length) at most, so a million events fold in about a second.
public struct RunState: Sendable, Equatable {
    public private(set) var started: RunStarted?
    public private(set) var status: RunStatus = .running
    public private(set) var episodes: [Int: EpisodeTree] = [:]
    public private(set) var reflections: [Reflection] = []
    /// The seq of the last event applied; 0 before any.
    public private(set) var lastSeq: Int64 = 0
    public private(set) var lastTime: Double = 0
    public private(set) var eventCount = 0
    public private(set) var modelCalls = 0
    public private(set) var tokensIn = 0
    public private(set) var tokensOut = 0
    public private(set) var costUSD = 0.0
    public private(set) var errors: [ErrorRecord] = []

    public init() {}

    /// Folds a whole log.
    public init(_ records: some Sequence<EventRecord>) throws(FoldError) {
        for record in records { try apply(record) }
    }

    /// Episodes in index order.
    public var orderedEpisodes: [EpisodeTree] { episodes.keys.sorted().map { episodes[$0]! } }

    public mutating func apply(_ record: EventRecord) throws(FoldError) {
        let seq = record.seq
        guard seq > lastSeq else { throw .outOfOrder(seq: seq, after: lastSeq) }
        let event = record.event
        if started == nil, event.kind != .runStarted { throw .beforeRunStarted(seq: seq, kind: event.kind) }

        switch event {
        case .runStarted(let e):
            started = e
            status = .running
        case .runEnded(let e):
            status = e.status
        case .episodeStarted(let e):
            guard episodes[e.episode] == nil else { throw .duplicateEpisode(seq: seq, episode: e.episode) }
            episodes[e.episode] = EpisodeTree(e)
        case .reflectionCreated(let e):
            reflections.append(e.reflection)
        case .modelCall(let e):
            modelCalls += 1
            tokensIn += e.tokensIn
            tokensOut += e.tokensOut
            costUSD += e.costUSD ?? 0
        case .error(let e):
            errors.append(e)
        default:
            break
        }

        if let episode = event.episode, event.kind != .episodeStarted {
            guard episodes[episode] != nil else { throw .unknownEpisode(seq: seq, episode: episode) }
            try episodes[episode]!.apply(event, seq: seq)
        }
        lastSeq = seq
        lastTime = record.time
        eventCount += 1
    }
}
