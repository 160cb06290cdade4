import ArborCore
import Foundation

extension RunSummary {
    /// Each run with its episode counts, in SQL both backends read: add `WHERE r.id = …` and an order.
    public static let query = """
        SELECT r.*,
        (SELECT COUNT(*) FROM episodes e WHERE e.run = r.id) AS episode_count,
        (SELECT COUNT(*) FROM episodes e WHERE e.run = r.id AND e.ended_at IS NOT NULL) AS ended_count,
        (SELECT COUNT(*) FROM episodes e WHERE e.run = r.id AND e.success = 1) AS success_count
        FROM runs r
        """

    /// A run from its `runs` row and episode counts (`episode_count`, `ended_count`, `success_count`), read by a
    /// backend other than SQLite; `writerGone` is that backend's judgement of whether the writer still lives.
    public init(row: StoreRow, writerGone: Bool) {
        let environment = row["environment"]?.text ?? ""
        let config = (row["config"]?.text).flatMap {
            try? JSONDecoder().decode([String: String].self, from: Data($0.utf8))
        }
        let status = row["status"]?.text.flatMap(RunStatus.init(rawValue:)) ?? .failed
        self.init(
            id: row["id"]?.integer ?? 0, startedAt: row["started_at"]?.real ?? 0, endedAt: row["ended_at"]?.real,
            status: status, environment: environment,
            environmentName: config?[RunStarted.environmentNameKey] ?? environment,
            model: row["model"]?.text ?? "", method: row["method"]?.text ?? "",
            seed: (row["seed"]?.text).flatMap { UInt64($0) } ?? 0,
            parent: row["parent_run"]?.integer.map { run in
                RunOrigin(
                    run: run, episode: Int(row["parent_episode"]?.integer ?? 0),
                    node: NodeID(Int(row["parent_node"]?.integer ?? 0)))
            },
            lastSeq: row["last_seq"]?.integer ?? 0, episodes: Int(row["episode_count"]?.integer ?? 0),
            endedEpisodes: Int(row["ended_count"]?.integer ?? 0), successes: Int(row["success_count"]?.integer ?? 0),
            writerGone: writerGone)
    }
}

extension StoredEvent {
    /// An `events` row of `run` (seq, time, kind, episode, node, payload) as another backend read it.
    public init(run: RunID, row: StoreRow) {
        self.init(
            run: run, seq: row["seq"]?.integer ?? 0, time: row["time"]?.real ?? 0, kind: row["kind"]?.text ?? "",
            episode: row["episode"]?.integer.map(Int.init), node: row["node"]?.integer.map(Int.init),
            payload: row["payload"]?.text ?? "")
    }
}
