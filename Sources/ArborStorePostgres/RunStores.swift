import ArborStore
import Foundation

/// Opens a store by its location: a `postgresql://` URL is a PostgreSQL server, anything else an SQLite file. The
/// one place that tells the two apart; the commands see ``RunStorage``.
public enum RunStores {
    /// Opens the store at `location`. A writer creates a missing file or missing tables, unless `existing` asks for a
    /// store that is there already (to annotate, say).
    public static func open(_ location: String, mode: RunStore.Mode = .write, existing: Bool = false)
        throws(StoreError) -> any RunStorage
    {
        if PostgresLocation.isURL(location) {
            return try PostgresRunStore.open(PostgresLocation(url: location), mode: mode, creating: !existing)
        }
        if existing, !FileManager.default.fileExists(atPath: location) { throw .missing(path: location) }
        return try RunStore.open(path: location, mode: mode)
    }

    /// The episode queue of the store at `location` for a viewer, or nil where there is none: an SQLite file (a
    /// queue lives on a server) or a database no worker or `--enqueue` has used.
    public static func queue(_ location: String) -> EpisodeQueue? {
        guard PostgresLocation.isURL(location), let address = try? PostgresLocation(url: location),
            let queue = try? EpisodeQueue(address, creating: false)
        else { return nil }
        guard (try? queue.counts()) != nil else {
            queue.close()
            return nil
        }
        return queue
    }
}
