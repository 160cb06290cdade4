import ArborCore

/// An event on its way into the store: where it goes in its run's log and when it was appended.
package struct StampedEvent: Sendable {
    package let run: RunID
    package let seq: Int64
    package let time: Double
    package let event: Event
    package let blobs: [Blob]

    package init(run: RunID, seq: Int64, time: Double, event: Event, blobs: [Blob]) {
        self.run = run
        self.seq = seq
        self.time = time
        self.event = event
        self.blobs = blobs
    }
}

/// What every backend writes for an event, worked out once so that a file and a server hold the same bytes: the
/// payload's JSON, and the row of a table derived from the log that the event adds or changes.
package struct EventEncoder {
    /// Reused for every payload, so encoding allocates only when a payload outgrows it.
    private var buffer = JSONBuffer(capacity: 4096)

    package init() {}

    /// The payload of the last event ``encode(_:)`` encoded, as UTF-8 JSON.
    package var payload: [UInt8] { buffer.bytes }

    /// Encodes `item`'s payload into ``payload`` and returns the event as stored: JSON has no NaN or infinity, so an
    /// event holding one is stored as an `error` event saying so, instead of a payload no reader could decode.
    package mutating func encode(_ item: StampedEvent) -> Event {
        buffer.reset()
        buffer.payload(of: item.event)
        guard buffer.sawNonFinite else { return item.event }
        let event = item.event
        let stored = Event.error(
            ErrorRecord(
                episode: event.episode, node: event.node, source: .store,
                message: "a \(event.kind.rawValue) event held a number that is not finite and was not stored"))
        buffer.reset()
        buffer.payload(of: stored)
        return stored
    }

    /// The derived row `event` (as ``encode(_:)`` returned it) writes, if any. Uses the buffer: read ``payload``
    /// first.
    package mutating func derivedRow(of event: Event, _ item: StampedEvent) -> DerivedRow? {
        switch event {
        case .episodeStarted(let e):
            return .episodeStarted([
                .integer(item.run), .integer(Int64(e.episode)), .text(e.taskID), .text(e.task), .real(item.time),
            ])
        case .episodeEnded(let e):
            return .episodeEnded([
                .real(item.time), .integer(e.success ? 1 : 0), .real(e.reward), .real(e.estimatedSuccess),
                .integer(Int64(e.steps)), .text(e.reason.rawValue), .integer(item.run), .integer(Int64(e.episode)),
            ])
        case .reflectionCreated(let e):
            let r = e.reflection
            buffer.reset()
            buffer.hint(r.hint)
            let hint = String(decoding: buffer.bytes, as: UTF8.self)
            return .reflection([
                .text(r.id), .text(r.kind.rawValue), .text(r.taskID), .text(r.task), .text(r.state), .text(r.action),
                .text(r.expected), .text(r.happened), .text(r.lesson), .text(hint), .real(r.surprise),
                .integer(item.run), .integer(Int64(e.episode)), .real(item.time),
            ])
        case .modelCall(let e):
            return .modelCall([
                .integer(item.run), .integer(item.seq), e.episode.map { .integer(Int64($0)) } ?? .null,
                e.node.map { .integer(Int64($0.rawValue)) } ?? .null, .text(e.role.rawValue), .text(e.model),
                .integer(Int64(e.tokensIn)), .integer(Int64(e.tokensOut)), .real(e.latencyMs),
                .integer(e.cached ? 1 : 0), e.costUSD.map { .real($0) } ?? .null, e.error.map { .text($0) } ?? .null,
            ])
        case .runEnded(let e):
            return .runEnded([.text(e.status.rawValue), .real(item.time), .integer(item.run)])
        default:
            return nil
        }
    }
}

/// A change to a table derived from the log, made in the same transaction as the event that causes it. Each case's
/// values are in the order of the statement that writes it (``columns``), with `?` or `$n` marks per backend.
package enum DerivedRow {
    /// Inserts (or replaces) the episode's row.
    case episodeStarted([StoreValue])
    /// Fills in the episode's ending, found by its run and episode (the last two values).
    case episodeEnded([StoreValue])
    /// Inserts a lesson, keeping one that is already there (a lesson's id is its content's hash).
    case reflection([StoreValue])
    /// Inserts a model call.
    case modelCall([StoreValue])
    /// Sets the run's status and end time, found by its id (the last value).
    case runEnded([StoreValue])

    package var values: [StoreValue] {
        switch self {
        case .episodeStarted(let v), .episodeEnded(let v), .reflection(let v), .modelCall(let v), .runEnded(let v): v
        }
    }

    /// The columns the values fill, in order (for an update, the set columns, then the key).
    package var columns: [String] {
        switch self {
        case .episodeStarted: ["run", "episode", "task_id", "task", "started_at"]
        case .episodeEnded:
            ["ended_at", "success", "reward", "estimated_success", "steps", "reason", "run", "episode"]
        case .reflection:
            [
                "id", "kind", "task_id", "task", "state", "action", "expected", "happened", "lesson", "hint",
                "surprise", "run", "episode", "created_at",
            ]
        case .modelCall:
            [
                "run", "seq", "episode", "node", "role", "model", "tokens_in", "tokens_out", "latency_ms", "cached",
                "cost", "error",
            ]
        case .runEnded: ["status", "ended_at", "id"]
        }
    }
}

extension RunStarted {
    /// The `runs.config` column: the configuration as the `runStarted` payload writes it.
    package var configJSON: String {
        var buffer = JSONBuffer()
        buffer.stringMap(config)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }
}
