import Foundation

/// One entry of a run's log. Every view of a run is a fold of these, in order (see ``RunState``).
///
/// Encoded as `{"kind": "...", "payload": {...}}`; stores keep `kind` in a column of its own and the payload as JSON.
/// Each case holds one ``EventPayload``, which says everything else about its kind.
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

    /// Hands the payload to `visitor` as its own type: the one switch over the cases.
    public func visit<Visitor: EventVisitor>(_ visitor: inout Visitor) throws(Visitor.Failure) -> Visitor.Result {
        switch self {
        case .runStarted(let p): try visitor.visit(p)
        case .episodeStarted(let p): try visitor.visit(p)
        case .stepStarted(let p): try visitor.visit(p)
        case .iterationStarted(let p): try visitor.visit(p)
        case .selected(let p): try visitor.visit(p)
        case .expanded(let p): try visitor.visit(p)
        case .observed(let p): try visitor.visit(p)
        case .backtracked(let p): try visitor.visit(p)
        case .evaluated(let p): try visitor.visit(p)
        case .debate(let p): try visitor.visit(p)
        case .backedUp(let p): try visitor.visit(p)
        case .reflectionsRetrieved(let p): try visitor.visit(p)
        case .reflectionCreated(let p): try visitor.visit(p)
        case .actionCommitted(let p): try visitor.visit(p)
        case .episodeEnded(let p): try visitor.visit(p)
        case .modelCall(let p): try visitor.visit(p)
        case .intervention(let p): try visitor.visit(p)
        case .error(let p): try visitor.visit(p)
        case .runEnded(let p): try visitor.visit(p)
        }
    }

    /// The event's name, as stored in the `events.kind` column.
    public var kind: EventKind {
        var kind = Kind()
        return visit(&kind)
    }

    /// The episode the event belongs to, if any.
    public var episode: Int? {
        var place = Place()
        return visit(&place).episode
    }

    /// The node the event is chiefly about, if any (the column stores index it for views).
    public var node: NodeID? {
        var place = Place()
        return visit(&place).node
    }

    /// The payload, the event's data without its kind.
    public var payload: any EventPayload {
        var payload = Payload()
        return visit(&payload)
    }

    private struct Kind: EventVisitor {
        func visit<P: EventPayload>(_ payload: P) -> EventKind { P.kind }
    }

    private struct Place: EventVisitor {
        func visit<P: EventPayload>(_ payload: P) -> (episode: Int?, node: NodeID?) { payload.place }
    }

    private struct Payload: EventVisitor {
        func visit<P: EventPayload>(_ payload: P) -> any EventPayload { payload }
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
        func decode<P: EventPayload>(_ type: P.Type) throws -> Event { try source.decode(P.self).event }
        self = try decode(kind.payloadType)
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

    /// The type of this kind's payload: the other table of the vocabulary.
    public var payloadType: any EventPayload.Type {
        switch self {
        case .runStarted: RunStarted.self
        case .episodeStarted: EpisodeStarted.self
        case .stepStarted: StepStarted.self
        case .iterationStarted: IterationStarted.self
        case .selected: Selected.self
        case .expanded: Expanded.self
        case .observed: Observed.self
        case .backtracked: Backtracked.self
        case .evaluated: Evaluated.self
        case .debate: Debate.self
        case .backedUp: BackedUp.self
        case .reflectionsRetrieved: ReflectionsRetrieved.self
        case .reflectionCreated: ReflectionCreated.self
        case .actionCommitted: ActionCommitted.self
        case .episodeEnded: EpisodeEnded.self
        case .modelCall: ModelCallRecord.self
        case .intervention: Intervention.self
        case .error: ErrorRecord.self
        case .runEnded: RunEnded.self
        }
    }
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
