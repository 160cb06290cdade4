import ArborCore
import GRDB

/// An event on its way into the store: where it goes in its run's log and when it was appended.
struct StampedEvent: Sendable {
    let run: RunID
    let seq: Int64
    let time: Double
    let event: Event
    let blobs: [Blob]
}

/// Writes events inside the writer's open transaction: the `events` row, its blobs (once each), and the rows of
/// the tables derived from it (`episodes`, `reflections`, `model_calls`, the run's status).
struct EventRows {
    private let db: Database
    private let insertEvent: RawStatement
    private let texts: TextBlobRows
    private let insertImage: RawStatement
    /// Reused for every payload, so encoding allocates only when a payload outgrows it.
    private var buffer = JSONBuffer(capacity: 4096)

    init(_ db: Database) throws {
        self.db = db
        insertEvent = try RawStatement(
            db, "INSERT INTO events (run, seq, kind, episode, node, time, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")
        texts = try TextBlobRows(db)
        insertImage = try RawStatement(db, "INSERT OR IGNORE INTO images (hash, format, bytes) VALUES (?, ?, ?)")
    }

    mutating func write(_ item: StampedEvent) throws {
        var event = item.event
        buffer.reset()
        buffer.payload(of: event)
        if buffer.sawNonFinite {
            // JSON has no NaN or infinity; store what happened instead of a payload no reader could decode.
            event = .error(
                ErrorRecord(
                    episode: event.episode, node: event.node, source: .store,
                    message: "a \(event.kind.rawValue) event held a number that is not finite and was not stored"))
            buffer.reset()
            buffer.payload(of: event)
        }
        insertEvent.bind(1, item.run)
        insertEvent.bind(2, item.seq)
        insertEvent.bind(3, event.kind.rawValue)
        insertEvent.bind(4, event.episode)
        insertEvent.bind(5, event.node?.rawValue)
        insertEvent.bind(6, item.time)
        buffer.bytes.withUnsafeBufferPointer { insertEvent.bindText(7, $0) }
        try insertEvent.step(db)

        for blob in item.blobs {
            switch blob.content {
            case .text(let text):
                try texts.write(hash: blob.ref.rawValue, text)
            case .image(let image):
                insertImage.bind(1, blob.ref.rawValue)
                insertImage.bind(2, image.format.rawValue)
                image.bytes.withUnsafeBufferPointer { insertImage.bindBlob(3, $0) }
                try insertImage.step(db)
            }
        }
        try writeDerived(event, item)
    }

    /// Keeps the summary tables in step with the log, in the same transaction.
    private mutating func writeDerived(_ event: Event, _ item: StampedEvent) throws {
        switch event {
        case .episodeStarted(let e):
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO episodes (run, episode, task_id, task, started_at) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [item.run, e.episode, e.taskID, e.task, item.time])
        case .episodeEnded(let e):
            try db.cachedStatement(
                sql: """
                    UPDATE episodes SET ended_at = ?, success = ?, reward = ?, estimated_success = ?, steps = ?,
                    reason = ? WHERE run = ? AND episode = ?
                    """
            ).execute(arguments: [
                item.time, e.success, e.reward, e.estimatedSuccess, e.steps, e.reason.rawValue, item.run, e.episode,
            ])
        case .reflectionCreated(let e):
            let r = e.reflection
            buffer.reset()
            buffer.hint(r.hint)
            let hint = String(decoding: buffer.bytes, as: UTF8.self)
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO reflections (id, kind, task_id, task, state, action, expected, happened,
                    lesson, hint, surprise, run, episode, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                r.id, r.kind.rawValue, r.taskID, r.task, r.state, r.action, r.expected, r.happened, r.lesson, hint,
                r.surprise, item.run, e.episode, item.time,
            ])
        case .modelCall(let e):
            try db.cachedStatement(
                sql: """
                    INSERT INTO model_calls (run, seq, episode, node, role, model, tokens_in, tokens_out, latency_ms,
                    cached, cost, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                item.run, item.seq, e.episode, e.node?.rawValue, e.role.rawValue, e.model, e.tokensIn, e.tokensOut,
                e.latencyMs, e.cached, e.costUSD, e.error,
            ])
        case .runEnded(let e):
            try db.cachedStatement(sql: "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?")
                .execute(arguments: [e.status.rawValue, item.time, item.run])
        default:
            break
        }
    }

    /// Records how far each run's log has reached and that its writer was alive at `time`.
    func markProgress(run: RunID, lastSeq: Int64, time: Double) throws {
        try db.cachedStatement(sql: "UPDATE runs SET last_seq = ?, heartbeat_at = ? WHERE id = ?")
            .execute(arguments: [lastSeq, time, run])
    }
}
