import Foundation

/// One entry of a run's log. Every view of a run is a fold of these, in order (see ``RunState``).
///
/// Encoded as `{"kind": "...", "payload": {...}}`; stores keep `kind` in a column of its own and the payload as JSON.
public enum Event: Sendable, Equatable {
    /// The vocabulary's version; bumped when a payload changes in a way older readers cannot read.
    public static let formatVersion = 1

    case runStarted(RunStarted)
    case episodeStarted(EpisodeStarted)
    case stepStarted(StepStarted)
    case iterationStarted(IterationStarted)
    case selected(Selected)
    case expanded(Expanded)
    case observed(Observed)
    case backtracked(Backtracked)
    case evaluated(Evaluated)
    case debate(Debate)
    case backedUp(BackedUp)
    case reflectionsRetrieved(ReflectionsRetrieved)
    case reflectionCreated(ReflectionCreated)
    case actionCommitted(ActionCommitted)
    case episodeEnded(EpisodeEnded)
    case modelCall(ModelCallRecord)
    case intervention(Intervention)
    case error(ErrorRecord)
    case runEnded(RunEnded)

    /// The event's name, as stored in the `events.kind` column.
    public var kind: EventKind {
        switch self {
        case .runStarted: .runStarted
        case .episodeStarted: .episodeStarted
        case .stepStarted: .stepStarted
        case .iterationStarted: .iterationStarted
        case .selected: .selected
        case .expanded: .expanded
        case .observed: .observed
        case .backtracked: .backtracked
        case .evaluated: .evaluated
        case .debate: .debate
        case .backedUp: .backedUp
        case .reflectionsRetrieved: .reflectionsRetrieved
        case .reflectionCreated: .reflectionCreated
        case .actionCommitted: .actionCommitted
        case .episodeEnded: .episodeEnded
        case .modelCall: .modelCall
        case .intervention: .intervention
        case .error: .error
        case .runEnded: .runEnded
        }
    }

    /// The episode the event belongs to, if any.
    public var episode: Int? {
        switch self {
        case .runStarted, .runEnded: nil
        case .episodeStarted(let e): e.episode
        case .stepStarted(let e): e.episode
        case .iterationStarted(let e): e.episode
        case .selected(let e): e.episode
        case .expanded(let e): e.episode
        case .observed(let e): e.episode
        case .backtracked(let e): e.episode
        case .evaluated(let e): e.episode
        case .debate(let e): e.episode
        case .backedUp(let e): e.episode
        case .reflectionsRetrieved(let e): e.episode
        case .reflectionCreated(let e): e.episode
        case .actionCommitted(let e): e.episode
        case .episodeEnded(let e): e.episode
        case .modelCall(let e): e.episode
        case .intervention(let e): e.episode
        case .error(let e): e.episode
        }
    }

    /// The node the event is chiefly about, if any (the column stores index it for views).
    public var node: NodeID? {
        switch self {
        case .runStarted, .runEnded, .episodeEnded, .iterationStarted, .reflectionCreated: nil
        case .episodeStarted: .root
        case .stepStarted(let e): e.node
        case .selected(let e): e.path.last
        case .expanded(let e): e.parent
        case .observed(let e): e.node
        case .backtracked(let e): e.to
        case .evaluated(let e): e.node
        case .debate(let e): e.node
        case .backedUp(let e): e.path.last
        case .reflectionsRetrieved(let e): e.node
        case .actionCommitted(let e): e.node
        case .modelCall(let e): e.node
        case .intervention(let e): e.node
        case .error(let e): e.node
        }
    }

    /// The payload, the event's data without its kind.
    public var payload: any Encodable & Sendable {
        switch self {
        case .runStarted(let p): p
        case .episodeStarted(let p): p
        case .stepStarted(let p): p
        case .iterationStarted(let p): p
        case .selected(let p): p
        case .expanded(let p): p
        case .observed(let p): p
        case .backtracked(let p): p
        case .evaluated(let p): p
        case .debate(let p): p
        case .backedUp(let p): p
        case .reflectionsRetrieved(let p): p
        case .reflectionCreated(let p): p
        case .actionCommitted(let p): p
        case .episodeEnded(let p): p
        case .modelCall(let p): p
        case .intervention(let p): p
        case .error(let p): p
        case .runEnded(let p): p
        }
    }

    /// The payload alone, as JSON.
    public func encodedPayload(using encoder: JSONEncoder = Event.encoder) throws -> Data {
        try encoder.encode(payload)
    }

    /// Rebuilds an event from its stored kind and payload.
    public init(kind: EventKind, payload: Data, using decoder: JSONDecoder = JSONDecoder()) throws {
        try self.init(kind: kind, from: DataPayload(data: payload, decoder: decoder))
    }

    /// Rebuilds an event of `kind` from wherever its payload is.
    private init(kind: EventKind, from source: some PayloadSource) throws {
        switch kind {
        case .runStarted: self = .runStarted(try source.decode(RunStarted.self))
        case .episodeStarted: self = .episodeStarted(try source.decode(EpisodeStarted.self))
        case .stepStarted: self = .stepStarted(try source.decode(StepStarted.self))
        case .iterationStarted: self = .iterationStarted(try source.decode(IterationStarted.self))
        case .selected: self = .selected(try source.decode(Selected.self))
        case .expanded: self = .expanded(try source.decode(Expanded.self))
        case .observed: self = .observed(try source.decode(Observed.self))
        case .backtracked: self = .backtracked(try source.decode(Backtracked.self))
        case .evaluated: self = .evaluated(try source.decode(Evaluated.self))
        case .debate: self = .debate(try source.decode(Debate.self))
        case .backedUp: self = .backedUp(try source.decode(BackedUp.self))
        case .reflectionsRetrieved:
            self = .reflectionsRetrieved(try source.decode(ReflectionsRetrieved.self))
        case .reflectionCreated: self = .reflectionCreated(try source.decode(ReflectionCreated.self))
        case .actionCommitted: self = .actionCommitted(try source.decode(ActionCommitted.self))
        case .episodeEnded: self = .episodeEnded(try source.decode(EpisodeEnded.self))
        case .modelCall: self = .modelCall(try source.decode(ModelCallRecord.self))
        case .intervention: self = .intervention(try source.decode(Intervention.self))
        case .error: self = .error(try source.decode(ErrorRecord.self))
        case .runEnded: self = .runEnded(try source.decode(RunEnded.self))
        }
    }

    /// The encoder every writer uses: sorted keys, so the same event is the same bytes everywhere.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// Where an event's payload is read from: a stored JSON blob, or the `payload` key of an encoded event.
private protocol PayloadSource {
    func decode<T: Decodable>(_ type: T.Type) throws -> T
}

private struct DataPayload: PayloadSource {
    let data: Data
    let decoder: JSONDecoder
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type, from: data) }
}

/// The name of an event, as stored.
public enum EventKind: String, Sendable, Codable, CaseIterable {
    case runStarted, episodeStarted, stepStarted, iterationStarted, selected, expanded, observed, backtracked
    case evaluated, debate, backedUp, reflectionsRetrieved, reflectionCreated, actionCommitted, episodeEnded
    case modelCall, intervention, error, runEnded
}

extension Event: Codable {
    private enum CodingKeys: String, CodingKey { case kind, payload }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(kind: try c.decode(EventKind.self, forKey: .kind), from: NestedPayload(container: c))
    }

    private struct NestedPayload: PayloadSource {
        let container: KeyedDecodingContainer<CodingKeys>
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try container.decode(type, forKey: .payload) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(payload, forKey: .payload)
    }
}

/// An event as a log holds it: its place in the run (`seq`, from 1, strictly increasing) and when it was written
/// (seconds since 1970). Time lives outside the payload so that the same search gives the same payloads.
public struct EventRecord: Sendable, Equatable {
    public var seq: Int64
    public var time: Double
    public var event: Event
    public init(seq: Int64, time: Double, event: Event) {
        self.seq = seq
        self.time = time
        self.event = event
    }
}
