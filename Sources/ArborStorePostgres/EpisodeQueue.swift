import ArborCore
import ArborStore
import Foundation
import Synchronization

/// A run's episodes as a queue on a PostgreSQL store, claimed by workers on any number of hosts.
///
/// An episode is `waiting` until a worker claims it (`running`, with the claim's attempt number and the worker), and
/// `done` or `failed` when that attempt ends. A worker heartbeats; a `running` episode whose heartbeat is older than a
/// timeout goes back to `waiting` (``requeueStale(after:)``) and its attempt is marked `abandoned`, so the next claim
/// runs it again from the start as the next attempt. Attempts are numbered from 1 per episode; docs/schema.md says how
/// an attempt's events are told apart in the run's log.
///
/// Each queue holds a connection of its own, used by one caller at a time (``PostgresSession``), so one queue may be
/// shared by a worker's episodes and its heartbeat.
public final class EpisodeQueue: Sendable {
    /// After this many attempts an episode whose worker keeps vanishing is `failed`, not run again.
    public static let maxAttempts = 3
    /// Seconds a worker may be silent before its episodes go back to the queue, unless it says otherwise.
    public static let defaultTimeout = 10.0
    /// The channel a queue change is notified on (the payload is the run's id), for workers waiting for work.
    static let channel = "arbor_queue"

    private let session: PostgresSession
    private let changes = QueueChanges()
    private let listening = Mutex(false)

    public var location: String { session.location }

    /// Connects to the server at `address`, creating the queue's tables when they are missing; a viewer
    /// (`creating: false`) creates nothing, and its reads fail where the database has no queue.
    public init(_ address: PostgresLocation, creating: Bool = true) throws(StoreError) {
        session = try PostgresSession.connect(address)
        guard creating else { return }
        do throws(StoreError) {
            try session.transaction { () throws(StoreError) in
                try session.execute("SELECT pg_advisory_xact_lock(\(PostgresRunStore.creationLock))")
                for statement in QueueSchema.create.components(separatedBy: ";\n") { try session.execute(statement) }
            }
        } catch {
            session.close()
            throw error
        }
    }

    public func close() { session.close() }

    // MARK: - Enqueueing

    /// Adds `tasks` (each a task id and the instruction the agent reads) as waiting episodes of `run`: the i-th is
    /// episode `first + i`.
    public func enqueue(run: RunID, tasks: [(id: String, task: String)], first: Int = 0) throws(StoreError) {
        try serially { () throws(StoreError) in
            try session.transaction { () throws(StoreError) in
                try session.execute(
                    """
                    INSERT INTO queued_runs (run, enqueued_at) VALUES ($1, \(QueueSchema.now))
                    ON CONFLICT (run) DO UPDATE SET ended_at = NULL
                    """, [.integer(run)])
                for start in stride(from: 0, to: tasks.count, by: 500) {
                    let chunk = tasks[start..<min(start + 500, tasks.count)]
                    let rows = (0..<chunk.count).map { "($1, $\(3 * $0 + 2), $\(3 * $0 + 3), $\(3 * $0 + 4))" }
                    var arguments: [StoreValue] = [.integer(run)]
                    for (offset, task) in chunk.enumerated() {
                        arguments += [.integer(Int64(first + start + offset)), .text(task.id), .text(task.task)]
                    }
                    try session.execute(
                        "INSERT INTO queue (run, episode, task_id, task) VALUES \(rows.joined(separator: ", "))",
                        arguments)
                }
                try notify(run: run)
            }
        }
    }

    // MARK: - Workers

    /// Records a worker starting on `host` as process `pid`, working on `run` or on every run; returns its id.
    public func register(host: String, pid: Int32, run: RunID? = nil) throws(StoreError) -> Int64 {
        try serially { () throws(StoreError) -> Int64 in
            let rows = try session.query(
                """
                INSERT INTO workers (host, pid, run, started_at, heartbeat_at)
                VALUES ($1, $2, $3, \(QueueSchema.now), \(QueueSchema.now)) RETURNING id
                """, [.text(host), .integer(Int64(pid)), run.map { .integer($0) } ?? .null])
            guard let id = rows.first?["id"]?.integer else {
                throw .server(location: location, message: "the new worker was given no id")
            }
            return id
        }
    }

    /// Says `worker` is alive: its own heartbeat and its claims'. Returns the claims it still holds, so a worker
    /// whose claim was taken away (its heartbeat came too late) learns it and stops that episode.
    public func heartbeat(worker: Int64) throws(StoreError) -> [EpisodeClaim] {
        try serially { () throws(StoreError) -> [EpisodeClaim] in
            try session.transaction { () throws(StoreError) -> [EpisodeClaim] in
                try session.execute(
                    "UPDATE workers SET heartbeat_at = \(QueueSchema.now) WHERE id = $1", [.integer(worker)])
                return try session.query(
                    """
                    UPDATE queue SET heartbeat_at = \(QueueSchema.now) WHERE worker = $1 AND state = 'running'
                    RETURNING run, episode, task_id, task, attempt, worker
                    """, [.integer(worker)]
                ).compactMap(EpisodeClaim.init(row:)).sorted()
            }
        }
    }

    /// Records that `worker` stopped (it still counts in the fleet view, as stopped).
    public func stop(worker: Int64) throws(StoreError) {
        try serially { () throws(StoreError) in
            try session.execute(
                "UPDATE workers SET stopped_at = \(QueueSchema.now), heartbeat_at = \(QueueSchema.now) WHERE id = $1",
                [.integer(worker)])
        }
    }

    // MARK: - Claiming

    /// Claims the first waiting episode (of `run`, or of any run, lowest run and episode first) for `worker`, or
    /// returns nil when none is waiting. Claimers never wait for each other: rows another claimer has locked are
    /// skipped (`FOR UPDATE SKIP LOCKED`), so two claimers never get the same episode.
    public func claim(worker: Int64, run: RunID? = nil) throws(StoreError) -> EpisodeClaim? {
        try serially { () throws(StoreError) -> EpisodeClaim? in
            try session.transaction { () throws(StoreError) -> EpisodeClaim? in
                var arguments: [StoreValue] = [.integer(worker)]
                var filter = ""
                if let run {
                    arguments.append(.integer(run))
                    filter = " AND run = $2"
                }
                let rows = try session.query(
                    """
                    UPDATE queue SET state = 'running', attempt = attempt + 1, worker = $1,
                        claimed_at = \(QueueSchema.now), heartbeat_at = \(QueueSchema.now)
                    WHERE (run, episode) = (
                        SELECT run, episode FROM queue WHERE state = 'waiting'\(filter)
                        ORDER BY run, episode LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING run, episode, task_id, task, attempt, worker
                    """, arguments)
                guard let claim = rows.first.flatMap(EpisodeClaim.init(row:)) else { return nil }
                try session.execute(
                    """
                    INSERT INTO attempts (run, episode, attempt, worker, started_at)
                    VALUES ($1, $2, $3, $4, \(QueueSchema.now))
                    """,
                    [
                        .integer(claim.run), .integer(Int64(claim.episode)), .integer(Int64(claim.attempt)),
                        .integer(worker),
                    ])
                return claim
            }
        }
    }

    /// Ends `claim`'s attempt as `done` or `failed`, and counts it for its worker. Returns false, changing nothing,
    /// when the claim was taken away meanwhile (re-queued after a missed heartbeat): that attempt is `abandoned`.
    @discardableResult
    public func finish(_ claim: EpisodeClaim, failed: Bool = false) throws(StoreError) -> Bool {
        let state = failed ? QueueState.failed : .done
        return try serially { () throws(StoreError) -> Bool in
            try session.transaction { () throws(StoreError) -> Bool in
                let key: [StoreValue] = [
                    .integer(claim.run), .integer(Int64(claim.episode)), .integer(Int64(claim.attempt)),
                    .integer(claim.worker),
                ]
                let ended = try session.query(
                    """
                    UPDATE queue SET state = $5, ended_at = \(QueueSchema.now)
                    WHERE run = $1 AND episode = $2 AND attempt = $3 AND worker = $4 AND state = 'running'
                    RETURNING episode
                    """, key + [.text(state.rawValue)])
                guard !ended.isEmpty else { return false }
                try session.execute(
                    """
                    UPDATE attempts SET outcome = $5, ended_at = \(QueueSchema.now)
                    WHERE run = $1 AND episode = $2 AND attempt = $3 AND worker = $4
                    """, key + [.text(state.rawValue)])
                try session.execute(
                    "UPDATE workers SET \(failed ? "failures = failures + 1" : "done = done + 1") WHERE id = $1",
                    [.integer(claim.worker)])
                try notify(run: claim.run)
                return true
            }
        }
    }

    /// Gives `claim` back at once (its worker was stopped): the attempt is `abandoned` and the episode `waiting`
    /// for the next claim. Returns false, changing nothing, when the claim was no longer held.
    @discardableResult
    public func release(_ claim: EpisodeClaim) throws(StoreError) -> Bool {
        try serially { () throws(StoreError) -> Bool in
            try session.transaction { () throws(StoreError) -> Bool in
                let key: [StoreValue] = [
                    .integer(claim.run), .integer(Int64(claim.episode)), .integer(Int64(claim.attempt)),
                    .integer(claim.worker),
                ]
                let released = try session.query(
                    """
                    UPDATE queue SET state = 'waiting', worker = NULL, claimed_at = NULL, heartbeat_at = NULL
                    WHERE run = $1 AND episode = $2 AND attempt = $3 AND worker = $4 AND state = 'running'
                    RETURNING episode
                    """, key)
                guard !released.isEmpty else { return false }
                try session.execute(
                    """
                    UPDATE attempts SET outcome = 'abandoned', ended_at = \(QueueSchema.now)
                    WHERE run = $1 AND episode = $2 AND attempt = $3 AND worker = $4
                    """, key)
                try notify(run: claim.run)
                return true
            }
        }
    }

    /// Puts back every running episode whose heartbeat is older than `timeout` seconds (by the server's clock): its
    /// attempt is marked `abandoned`, and the episode is `waiting` again — or `failed` after ``maxAttempts``
    /// attempts. Each stale claim is re-queued once, however many workers call this at the same time: the update
    /// locks the rows, and a second caller finds them no longer `running`.
    @discardableResult
    public func requeueStale(after timeout: Double) throws(StoreError) -> [AbandonedAttempt] {
        try serially { () throws(StoreError) -> [AbandonedAttempt] in
            try session.transaction { () throws(StoreError) -> [AbandonedAttempt] in
                let rows = try session.query(
                    """
                    UPDATE queue SET state = CASE WHEN attempt >= $2 THEN 'failed' ELSE 'waiting' END,
                        worker = NULL, claimed_at = NULL, heartbeat_at = NULL,
                        ended_at = CASE WHEN attempt >= $2 THEN \(QueueSchema.now) END
                    WHERE state = 'running' AND heartbeat_at < \(QueueSchema.now) - $1
                    RETURNING run, episode, attempt, state
                    """, [.real(timeout), .integer(Int64(Self.maxAttempts))])
                var abandoned: [AbandonedAttempt] = []
                for row in rows {
                    guard let run = row["run"]?.integer, let episode = row["episode"]?.integer,
                        let attempt = row["attempt"]?.integer
                    else { continue }
                    try session.execute(
                        """
                        UPDATE attempts SET outcome = 'abandoned', ended_at = \(QueueSchema.now)
                        WHERE run = $1 AND episode = $2 AND attempt = $3
                        """, [.integer(run), .integer(episode), .integer(attempt)])
                    abandoned.append(
                        AbandonedAttempt(
                            run: run, episode: Int(episode), attempt: Int(attempt),
                            requeued: row["state"]?.text == QueueState.waiting.rawValue))
                }
                for run in Set(abandoned.map(\.run)).sorted() { try notify(run: run) }
                return abandoned.sorted { ($0.run, $0.episode) < ($1.run, $1.episode) }
            }
        }
    }

    /// Whether the caller is the one to end `run`: true exactly once, for the first caller after every one of its
    /// queued episodes is `done` or `failed`. Every worker asks after each attempt it ends; the last to end one ends
    /// the run. Concurrent callers are serialised by the run's `queued_runs` row, and a second one finds it ended.
    public func takeRunEnd(run: RunID) throws(StoreError) -> Bool {
        try serially { () throws(StoreError) -> Bool in
            !(try session.query(
                """
                UPDATE queued_runs SET ended_at = \(QueueSchema.now)
                WHERE run = $1 AND ended_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM queue WHERE run = $1 AND state IN ('waiting', 'running'))
                RETURNING run
                """, [.integer(run)]
            ).isEmpty)
        }
    }

    // MARK: - Reading

    /// How many episodes are in each state, of `run` or of every run.
    public func counts(run: RunID? = nil) throws(StoreError) -> QueueCounts {
        try serially { () throws(StoreError) -> QueueCounts in
            let rows = try session.query(
                "SELECT state, COUNT(*) AS count FROM queue\(run == nil ? "" : " WHERE run = $1") GROUP BY state",
                run.map { [.integer($0)] } ?? [])
            var counts = QueueCounts()
            for row in rows {
                let count = Int(row["count"]?.integer ?? 0)
                switch row["state"]?.text.flatMap(QueueState.init(rawValue:)) {
                case .waiting: counts.waiting = count
                case .running: counts.running = count
                case .done: counts.done = count
                case .failed: counts.failed = count
                case nil: break
                }
            }
            return counts
        }
    }

    /// Whether `run` has episodes that may still need a worker (waiting, or running under some worker).
    public func hasWork(run: RunID) throws(StoreError) -> Bool {
        let counts = try counts(run: run)
        return counts.waiting + counts.running > 0
    }

    /// Every episode of `run` with its state and attempt count, in episode order.
    public func episodes(run: RunID) throws(StoreError) -> [QueuedEpisode] {
        try serially { () throws(StoreError) -> [QueuedEpisode] in
            try session.query(
                "SELECT episode, task_id, state, attempt, worker FROM queue WHERE run = $1 ORDER BY episode",
                [.integer(run)]
            ).compactMap(QueuedEpisode.init(row:))
        }
    }

    /// Every attempt at `run`'s episodes, by episode then attempt.
    public func attempts(run: RunID) throws(StoreError) -> [EpisodeAttempt] {
        try serially { () throws(StoreError) -> [EpisodeAttempt] in
            try session.query(
                "SELECT episode, attempt, worker, outcome FROM attempts WHERE run = $1 ORDER BY episode, attempt",
                [.integer(run)]
            ).compactMap(EpisodeAttempt.init(row:))
        }
    }

    /// Every worker that has registered, oldest first, with what it holds now and its heartbeat's age by the
    /// server's clock.
    public func workers() throws(StoreError) -> [WorkerStatus] {
        try serially { () throws(StoreError) -> [WorkerStatus] in
            try session.query(
                """
                SELECT w.id, w.host, w.pid, w.run, w.done, w.failures, CASE WHEN w.stopped_at IS NULL THEN 0 ELSE 1 END AS stopped,
                    \(QueueSchema.now) - w.heartbeat_at AS age,
                    (SELECT string_agg(q.run || '/' || q.episode, ' ' ORDER BY q.run, q.episode) FROM queue q
                        WHERE q.worker = w.id AND q.state = 'running') AS claimed
                FROM workers w ORDER BY w.id
                """
            ).compactMap(WorkerStatus.init(row:))
        }
    }

    // MARK: - Waiting for work

    /// Waits until the queue changes (an episode ended or went back to the queue, or a run was enqueued, on any host)
    /// or `timeout` passes, or the caller is cancelled; returns whether it was woken before the timeout. The first call starts listening and returns true at once, so
    /// the caller looks at the queue again with nothing missed in between.
    public func waitForChange(timeout: Duration) async -> Bool {
        let started = listening.withLock { listening in
            defer { listening = true }
            return !listening
        }
        let changes = changes
        guard started else {
            // A cancelled caller stops waiting at once, as from a sleep.
            return await withTaskCancellationHandler {
                await changes.wait(timeout: timeout)
            } onCancel: {
                changes.signal()
            }
        }
        _ = session.connection.addListener(channel: Self.channel) { _, _ in changes.signal() }
        try? serially { () throws(StoreError) in try session.execute("LISTEN \(Self.channel)") }
        return true
    }

    /// Tells waiting workers that `run`'s queue changed, when the caller's transaction commits.
    private func notify(run: RunID) throws(StoreError) {
        try session.execute("SELECT pg_notify($1, $2)", [.text(Self.channel), .text(String(run))])
    }

    /// Runs `body` holding the connection, so that its statements run one after another from this caller.
    private func serially<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try session.exclusively(body)
    }
}
