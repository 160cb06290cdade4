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
}
