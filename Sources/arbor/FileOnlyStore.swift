import ArborStorePostgres
import ArgumentParser

/// The commands that, in this build, work on an SQLite file only: `fork`, `ctl` and the live and replay views
/// (`watch`, `replay`, `diff`). A PostgreSQL URL given to one of them gets one line saying what to do
/// instead, rather than being taken for a file name (docs/scale.md).
enum FileOnlyStore {
    static func check(_ location: String, for command: String) throws {
        guard PostgresLocation.isURL(location) else { return }
        throw ValidationError(
            "\(command) works on an SQLite file in this build, not on a PostgreSQL URL; record into a file and "
                + "`arbor copy` it to the server, where runs, events, calls, export and annotate read it (docs/scale.md)."
        )
    }
}
