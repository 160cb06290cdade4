import ArborStore

/// Opens a store by its location: a `postgresql://` URL is a PostgreSQL server, anything else an SQLite file. The
/// one place that tells the two apart; the commands see ``RunStorage``.
public enum RunStores {
    public static func open(_ location: String, mode: RunStore.Mode = .write) throws(StoreError) -> any RunStorage {
        if PostgresLocation.isURL(location) {
            return try PostgresRunStore.open(PostgresLocation(url: location), mode: mode)
        }
        return try RunStore.open(path: location, mode: mode)
    }
}
