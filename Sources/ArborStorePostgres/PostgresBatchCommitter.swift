import ArborCore
import ArborStore
import Foundation

/// Commits the writer's batches to the server, on a connection of its own: one transaction per batch, the events by
/// `COPY … FROM STDIN` (one message of rows, as a bulk load sends them), the texts the server may lack a few hundred
/// rows a statement (a long one cut into chunks stored once, ``PostgresSession/storeTexts(_:)``), the derived rows as
/// a file gets them (``EventEncoder``), and a `NOTIFY` per run on ``channel``, which the server delivers to every
/// listener when the transaction commits.
struct PostgresBatchCommitter: BatchCommitter {
    /// The channel followers `LISTEN` on; each notification's payload is `RUN SEQ`, the run's last committed seq.
    static let channel = "arbor_events"
    /// Rows a statement: 500 rows of up to 12 columns stay well under PostgreSQL's 65,535 parameters.
    static let rowsPerStatement = 500

    let session: PostgresSession
    /// The texts and images this writer has committed: a page every prompt repeats is sent once, not every batch.
    let stored = StoredHashes()

    var heartbeatInterval: Double? { 5 }

    func commit(_ batch: [StampedEvent]) throws(StoreError) {
        let hashes = try session.transaction { () throws(StoreError) in try write(batch) }
        stored.insert(hashes)
    }

    /// Writes `batch` inside the caller's transaction; returns the hashes of the texts and images it wrote, which
    /// the server has once the transaction commits.
    @discardableResult
    func write(_ batch: [StampedEvent]) throws(StoreError) -> Set<String> {
        let rows = EventCopyRows(batch, firstSeq: try firstSeqs(of: batch), stored: stored)
        try session.copy(into: "events", columns: EventCopyRows.columns, chunks: rows.nextChunk)
        let (texts, images, derived, reached) = (rows.texts, rows.images, rows.derived, rows.reached)
        try session.storeTexts(texts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        try insert(
            into: "images (hash, format, bytes)",
            rows: images.sorted { $0.key < $1.key }.map {
                [.text($0.key), .text($0.value.format.rawValue), .bytes($0.value.bytes)]
            },
            conflict: " ON CONFLICT DO NOTHING", bytes: [])
        // Model calls and lessons depend on nothing else in the batch: all in one message, many rows a statement.
        // Episodes change as their events, applied in order, would change them; the run's status in the order its
        // events came.
        var calls = CopyText()
        for case .modelCall(let values) in derived { calls.append(values) }
        if calls.rows > 0 { try session.copy(calls, into: "model_calls", columns: DerivedRow.modelCall([]).columns) }
        try insert(
            into: "reflections (\(DerivedRow.reflection([]).columns.joined(separator: ", ")))",
            rows: derived.compactMap { if case .reflection(let v) = $0 { v } else { nil } },
            conflict: " ON CONFLICT DO NOTHING", bytes: [])
        let episodes = EpisodeRowChanges(derived)
        try insert(
            into: "episodes (\(DerivedRow.episodeStarted([]).columns.joined(separator: ", ")))", rows: episodes.starts,
            conflict: """
                 ON CONFLICT (run, episode) DO UPDATE SET task_id = EXCLUDED.task_id, task = EXCLUDED.task,
                started_at = EXCLUDED.started_at, ended_at = NULL, success = NULL, reward = NULL,
                estimated_success = NULL, steps = NULL, reason = NULL
                """, bytes: [])
        try update(endings: episodes.ends)
        for case .runEnded(let values) in derived {
            try session.execute("UPDATE runs SET status = $1, ended_at = $2 WHERE id = $3", values)
        }
        for (run, seq) in reached.sorted(by: { $0.key < $1.key }) {
            try session.execute("SELECT pg_notify($1, $2)", [.text(Self.channel), .text("\(run) \(seq)")])
        }
        return Set(texts.keys).union(images.keys)
    }

    /// The seq each run's first event in `batch` takes: the numbers come from the server, not the process. Workers
    /// in many processes append to one run (an episode each), and the run's row stays locked from here to the
    /// commit, so their batches take consecutive seqs and commit in seq order. For a run one process writes alone
    /// they are the numbers it stamped.
    private func firstSeqs(of batch: [StampedEvent]) throws(StoreError) -> [RunID: Int64] {
        var counts: [RunID: Int64] = [:]
        for item in batch { counts[item.run, default: 0] += 1 }
        var first: [RunID: Int64] = [:]
        // Wall time, not the event clock: the heartbeat says when the writer was last alive.
        let now = Date().timeIntervalSince1970
        for (run, count) in counts.sorted(by: { $0.key < $1.key }) {
            let rows = try session.query(
                "UPDATE runs SET last_seq = last_seq + $1, heartbeat_at = $2 WHERE id = $3 RETURNING last_seq",
                [.integer(count), .real(now), .integer(run)])
            guard let last = rows.first?["last_seq"]?.integer else { throw .unknownRun(run) }
            first[run] = last - count + 1
        }
        return first
    }

    /// Inserts `rows` into `table (columns)`, ``rowsPerStatement`` a statement. `bytes` are the columns (from 1)
    /// sent as BYTEA.
    private func insert(into table: String, rows: [[StoreValue]], conflict: String, bytes: Set<Int>)
        throws(StoreError)
    {
        guard let width = rows.first?.count else { return }
        for start in stride(from: 0, to: rows.count, by: Self.rowsPerStatement) {
            let chunk = rows[start..<min(start + Self.rowsPerStatement, rows.count)]
            let tuples = (0..<chunk.count).map { row in
                "(" + (1...width).map { "$\(row * width + $0)" }.joined(separator: ", ") + ")"
            }
            let binary = Set((0..<chunk.count).flatMap { row in bytes.map { row * width + $0 } })
            try session.execute(
                "INSERT INTO \(table) VALUES \(tuples.joined(separator: ", "))\(conflict)", chunk.flatMap { $0 },
                bytes: binary)
        }
    }

    /// Sets the ending columns of the episodes in `endings` (``EpisodeRowChanges/ends``), ``rowsPerStatement`` a
    /// statement.
    private func update(endings: [[StoreValue]]) throws(StoreError) {
        let types = [
            "double precision", "bigint", "double precision", "double precision", "bigint", "text", "bigint", "bigint",
        ]
        for start in stride(from: 0, to: endings.count, by: Self.rowsPerStatement) {
            let chunk = endings[start..<min(start + Self.rowsPerStatement, endings.count)]
            let tuples = (0..<chunk.count).map { row in
                "("
                    + types.enumerated().map { "$\(row * types.count + $0.offset + 1)::\($0.element)" }
                    .joined(separator: ", ") + ")"
            }
            try session.execute(
                """
                UPDATE episodes AS e SET ended_at = v.ended_at, success = v.success, reward = v.reward,
                estimated_success = v.estimated_success, steps = v.steps, reason = v.reason
                FROM (VALUES \(tuples.joined(separator: ", ")))
                AS v (ended_at, success, reward, estimated_success, steps, reason, run, episode)
                WHERE e.run = v.run AND e.episode = v.episode
                """, chunk.flatMap { $0 })
        }
    }

    func heartbeat(runs: [RunID], at time: Double) throws(StoreError) {
        let marks = (0..<runs.count).map { "$\($0 + 2)" }.joined(separator: ", ")
        try session.execute(
            "UPDATE runs SET heartbeat_at = $1 WHERE id IN (\(marks))", [.real(time)] + runs.map { .integer($0) })
    }

    func checkpoint() {}

    func stoppedError() -> StoreError { .server(location: session.location, message: "the writer stopped") }
}
