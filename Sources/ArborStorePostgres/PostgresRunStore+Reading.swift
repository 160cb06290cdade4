import ArborCore
import ArborStore

/// Reading annotations, model-call totals and lessons, as ``RunStore`` reads them from a file.
extension PostgresRunStore {
    public func annotations(run: RunID? = nil, episode: Int? = nil, history: Bool = false) throws(StoreError)
        -> [Annotation]
    {
        var conditions: [String] = []
        var arguments: [StoreValue] = []
        if let run {
            arguments.append(.integer(run))
            conditions.append("a.run = $\(arguments.count)")
        }
        if let episode {
            arguments.append(.integer(Int64(episode)))
            conditions.append("a.episode = $\(arguments.count)")
        }
        if !history { conditions.append("NOT EXISTS (SELECT 1 FROM annotations b WHERE b.supersedes = a.id)") }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try query("SELECT a.* FROM annotations a" + filter + " ORDER BY a.id", arguments).map {
            row throws(StoreError) in
            guard let annotation = Annotation(row: row) else {
                throw .server(location: location, message: "annotation \(row["id"]?.integer ?? 0) is not readable")
            }
            return annotation
        }
    }

    public func callTotals(run: RunID) throws(StoreError) -> [RoleCallTotals] {
        _ = try self.run(run)
        // PostgreSQL sums BIGINTs as NUMERIC: cast back so the totals read as integers.
        return try query(
            """
            SELECT role, model, COUNT(*) AS calls, SUM(cached)::BIGINT AS cached, COUNT(error) AS errors,
                SUM(tokens_in)::BIGINT AS tokens_in, SUM(tokens_out)::BIGINT AS tokens_out, SUM(latency_ms) AS latency,
                SUM(cost) AS cost, MIN(seq) AS first
            FROM model_calls WHERE run = $1 GROUP BY role, model ORDER BY first
            """, [.integer(run)]
        ).map { row in
            RoleCallTotals(
                role: row["role"]?.text ?? "", model: row["model"]?.text ?? "",
                calls: Int(row["calls"]?.integer ?? 0), cached: Int(row["cached"]?.integer ?? 0),
                errors: Int(row["errors"]?.integer ?? 0), tokensIn: Int(row["tokens_in"]?.integer ?? 0),
                tokensOut: Int(row["tokens_out"]?.integer ?? 0), latencyMs: row["latency"]?.real ?? 0,
                costUSD: row["cost"]?.real)
        }
    }

    public func reflections(
        kind: ReflectionKind? = nil, from source: LessonSource = .all, environment: String = ""
    ) throws(StoreError) -> [Reflection] {
        if case .runs(let runs) = source {
            // From the named runs' logs (``StoredEvent/lessons(madeBy:kind:)``), as in a file.
            var events: [StoredEvent] = []
            for run in runs {
                events += try query(
                    "SELECT seq, time, kind, episode, node, payload FROM events WHERE run = $1 AND kind = $2",
                    [.integer(run), .text(EventKind.reflectionCreated.rawValue)]
                ).map { StoredEvent(run: run, row: $0) }
            }
            return try StoredEvent.lessons(madeBy: events, kind: kind)
        }
        var conditions: [String] = []
        var arguments: [StoreValue] = []
        if let kind {
            arguments.append(.text(kind.rawValue))
            conditions.append("kind = $\(arguments.count)")
        }
        switch source {
        case .all: break
        case .none: conditions.append("FALSE")
        case .sameEnvironment:
            arguments.append(.text(environment))
            conditions.append("run IN (SELECT id FROM runs WHERE environment = $\(arguments.count))")
        case .runs:
            break  // read from the logs above
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try query("SELECT * FROM reflections\(filter) ORDER BY created_at, id", arguments).map {
            row throws(StoreError) in try lesson(row)
        }
    }

    /// The lessons `run`'s episodes made after seq `after` (every worker's), as ``StoredEvent/lessons(madeBy:kind:)``
    /// reads them from the log, and the seq to read on from next time.
    public func lessonsMade(run: RunID, after: Int64) throws(StoreError) -> (lessons: [Reflection], through: Int64) {
        let stored = try query(
            "SELECT seq, time, kind, episode, node, payload FROM events WHERE run = $1 AND seq > $2 AND kind = $3 "
                + "ORDER BY seq",
            [.integer(run), .integer(after), .text(EventKind.reflectionCreated.rawValue)]
        ).map { StoredEvent(run: run, row: $0) }
        return (try StoredEvent.lessons(madeBy: stored, kind: nil), stored.last?.seq ?? after)
    }

    public func reflection(id: String) throws(StoreError) -> (reflection: Reflection, run: RunID, episode: Int)? {
        guard let row = try query("SELECT * FROM reflections WHERE id = $1", [.text(id)]).first else { return nil }
        return (try lesson(row), row["run"]?.integer ?? 0, Int(row["episode"]?.integer ?? 0))
    }

    private func lesson(_ row: StoreRow) throws(StoreError) -> Reflection {
        guard let reflection = Reflection(row: row) else {
            throw .server(location: location, message: "lesson \(row["id"]?.text ?? "?") has a hint that is not JSON")
        }
        return reflection
    }
}
