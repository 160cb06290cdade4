import ArborCore
import Foundation
import GRDB

/// Reading: runs, episodes, a run's log in batches, blobs by reference, reflections.
extension RunStore {
    /// Every run, oldest first, with its episode counts.
    public func runs() throws(StoreError) -> [RunSummary] {
        try read { db in try Row.fetchAll(db, sql: Self.runQuery + " ORDER BY r.id").map(Self.summary) }
    }

    /// One run.
    public func run(_ id: RunID) throws(StoreError) -> RunSummary {
        let found = try read { db in
            try Row.fetchOne(db, sql: Self.runQuery + " WHERE r.id = ?", arguments: [id]).map(Self.summary)
        }
        guard let found else { throw .unknownRun(id) }
        return found
    }

    /// A run's episodes in index order.
    public func episodes(run: RunID) throws(StoreError) -> [EpisodeSummary] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM episodes WHERE run = ? ORDER BY episode", arguments: [run]).map {
                row in
                EpisodeSummary(
                    run: row["run"], episode: row["episode"], taskID: row["task_id"], task: row["task"],
                    startedAt: row["started_at"], endedAt: row["ended_at"], success: row["success"],
                    reward: row["reward"], estimatedSuccess: row["estimated_success"], steps: row["steps"],
                    reason: row["reason"])
            }
        }
    }

    /// Up to `limit` events of `run` with seq ≥ `from`, in order, as stored.
    public func storedEvents(run: RunID, from: Int64 = 1, limit: Int = 10_000) throws(StoreError) -> [StoredEvent] {
        try read { db in try Self.fetchEvents(db, run: run, from: from, limit: limit) }
    }

    /// The text behind a blob reference, byte for byte (a long one joined from its chunks), or nil when the store does
    /// not have it.
    public func blob(_ ref: BlobRef) throws(StoreError) -> String? {
        try read { db in try TextBlobRows.text(db, hash: ref.rawValue, path: path) }
    }

    /// The image behind a blob reference, or nil when the store does not have it (or holds an unknown format). A
    /// file from before schema 3, opened read-only, has no `images` table and so no images.
    public func image(_ ref: BlobRef) throws(StoreError) -> EncodedImage? {
        try read { db in
            guard try db.tableExists("images"),
                let row = try Row.fetchOne(
                    db, sql: "SELECT format, bytes FROM images WHERE hash = ?", arguments: [ref.rawValue]),
                let format = ImageFormat(rawValue: row["format"]), let bytes = row["bytes"] as Data?
            else { return nil }
            return EncodedImage(format: format, bytes: [UInt8](bytes))
        }
    }

    /// Lessons of the runs `source` names, oldest first (all of them, or those for one prompt), for a new run on
    /// `environment` to start with. Named runs' lessons come from their logs (``StoredEvent/lessons(madeBy:kind:)``).
    public func reflections(
        kind: ReflectionKind? = nil, from source: LessonSource = .all, environment: String = ""
    ) throws(StoreError) -> [Reflection] {
        if case .runs(let runs) = source {
            let marks = runs.map { _ in "?" }.joined(separator: ", ")
            let events = try read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT run, seq, time, kind, episode, node, payload FROM events WHERE run IN (\(marks)) "
                        + "AND kind = ?",
                    arguments: StatementArguments(
                        runs.map { $0 as any DatabaseValueConvertible } + [EventKind.reflectionCreated.rawValue])
                ).map { row in
                    StoredEvent(
                        run: row[0], seq: row[1], time: row[2], kind: row[3], episode: row[4], node: row[5],
                        payload: row[6])
                }
            }
            return try StoredEvent.lessons(madeBy: events, kind: kind)
        }
        return try read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let kind {
                conditions.append("kind = ?")
                arguments.append(kind.rawValue)
            }
            switch source {
            case .all: break
            case .none: conditions.append("0")
            case .sameEnvironment:
                conditions.append("run IN (SELECT id FROM runs WHERE environment = ?)")
                arguments.append(environment)
            case .runs:
                break  // read from the log above
            }
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM reflections\(filter) ORDER BY created_at, id",
                arguments: StatementArguments(arguments))
            return try rows.map(Self.reflection)
        }
    }

    /// One lesson by id, with the run and episode that made it; nil when no run in this file made it.
    public func reflection(id: String) throws(StoreError) -> (reflection: Reflection, run: RunID, episode: Int)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM reflections WHERE id = ?", arguments: [id])
            else { return nil }
            return (try Self.reflection(row), row["run"], row["episode"])
        }
    }

    private static func reflection(_ row: Row) throws -> Reflection {
        let hintText: String = row["hint"]
        var reflection = Reflection(
            kind: ReflectionKind(rawValue: row["kind"]) ?? .policy, taskID: row["task_id"], task: row["task"],
            state: row["state"], action: row["action"], expected: row["expected"], happened: row["happened"],
            lesson: row["lesson"], hint: try JSONDecoder().decode(ReflectionHint.self, from: Data(hintText.utf8)),
            surprise: row["surprise"])
        reflection.id = row["id"]
        return reflection
    }

    // MARK: - Shared

    static let runQuery = RunSummary.query

    static func summary(_ row: Row) -> RunSummary {
        let parentRun: Int64? = row["parent_run"]
        let status = RunStatus(rawValue: row["status"]) ?? .failed
        let writer = WriterIdentity(pid: Int32(row["writer_pid"] as Int? ?? 0), token: row["writer_token"] ?? "")
        let environment: String = row["environment"]
        let configText: String = row["config"]
        let config = try? JSONDecoder().decode([String: String].self, from: Data(configText.utf8))
        return RunSummary(
            id: row["id"], startedAt: row["started_at"], endedAt: row["ended_at"],
            status: status, environment: environment,
            environmentName: config?[RunStarted.environmentNameKey] ?? environment,
            model: row["model"], method: row["method"], seed: UInt64(row["seed"] as String) ?? 0,
            parent: parentRun.map {
                RunOrigin(run: $0, episode: row["parent_episode"] ?? 0, node: NodeID(row["parent_node"] ?? 0))
            },
            lastSeq: row["last_seq"], episodes: row["episode_count"], endedEpisodes: row["ended_count"],
            successes: row["success_count"], writerGone: status == .running && !writer.isAlive)
    }

    static func fetchEvents(_ db: Database, run: RunID, from: Int64, limit: Int) throws -> [StoredEvent] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT seq, time, kind, episode, node, payload FROM events
                WHERE run = ? AND seq >= ? ORDER BY seq LIMIT ?
                """)
        return try Row.fetchAll(statement, arguments: [run, from, limit]).map { row in
            StoredEvent(
                run: run, seq: row[0], time: row[1], kind: row[2], episode: row[3], node: row[4], payload: row[5])
        }
    }

    /// A read on one of the pool's reader connections, with SQLite's errors made ``StoreError``s.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read { db in try body(db) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .sqlite(path: path, failure: error)
        }
    }
}
