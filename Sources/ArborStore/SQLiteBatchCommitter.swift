import ArborCore
import Foundation
import GRDB

/// Commits the writer's batches into an SQLite file: one immediate transaction per batch. Liveness is the writer's
/// process id (``WriterIdentity``), so no heartbeat is needed between batches.
struct SQLiteBatchCommitter: BatchCommitter {
    let pool: DatabasePool
    let path: String

    func commit(_ batch: [StampedEvent]) throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    var rows = try EventRows(db)
                    var reached: [RunID: Int64] = [:]
                    for item in batch {
                        try rows.write(item)
                        reached[item.run] = item.seq
                    }
                    // Wall time, not the event clock: the heartbeat says when the writer was last alive.
                    let now = Date().timeIntervalSince1970
                    for (run, seq) in reached { try rows.markProgress(run: run, lastSeq: seq, time: now) }
                    return .commit
                }
            }
        } catch {
            throw .sqlite(path: path, failure: error)
        }
    }

    func heartbeat(runs: [RunID], at time: Double) throws(StoreError) {}

    var heartbeatInterval: Double? { nil }

    /// Copies the write-ahead log into the database file and empties it, so a store whose runs have ended is one
    /// self-contained file (a copy of the `.db` alone holds every run). Best effort: a reader in the middle of a
    /// transaction keeps the log's tail until the next checkpoint.
    func checkpoint() {
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    func stoppedError() -> StoreError { .sqlite(path: path, message: "the writer stopped") }
}
