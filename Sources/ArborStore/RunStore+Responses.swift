import ArborCore
import Foundation
import GRDB

/// Model responses cached by a hash of the exact request, so re-running a recorded configuration replays its
/// answers: cheap and reproducible. Keys and values are the model client's (64 hex digits, JSON text); the store
/// keeps them and nothing else — never a key or a header.
extension RunStore {
    /// The cached response for `key`, or nil. A file from before the cache existed has none.
    public func cachedResponse(for key: String) throws(StoreError) -> String? {
        do {
            return try pool.read { db in
                guard try db.tableExists("responses") else { return nil }
                return try String.fetchOne(db, sql: "SELECT response FROM responses WHERE key = ?", arguments: [key])
            }
        } catch {
            throw .sqlite(path: path, failure: error)
        }
    }

    /// Keeps `response` for `key` (the first answer stays when two race).
    public func cacheResponse(_ response: String, for key: String, at time: Double = Date().timeIntervalSince1970)
        throws(StoreError)
    {
        guard mode == .write else { throw .readOnly(path: path) }
        do {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO responses (key, response, created_at) VALUES (?, ?, ?)",
                    arguments: [key, response, time])
            }
        } catch {
            throw .sqlite(path: path, failure: error)
        }
    }
}
