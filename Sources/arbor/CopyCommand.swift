import ArborCore
import ArborStore
import ArborStorePostgres
import ArgumentParser

/// `arbor copy SRC DST [--run N]`: runs from one store into another, SQLite or PostgreSQL either way.
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy runs between stores (an SQLite file or a postgresql:// URL, either way).",
        discussion: """
            Each run is copied with its events (byte for byte: `arbor events` prints the same lines on both sides), \
            its episodes, model calls, annotations, lessons and the blobs its events refer to, and gets a new id in \
            the destination; one line per run says which. A lesson the destination already has is kept as it is. \
            A password in a URL is used, never printed; PGPASSWORD and ~/.pgpass work as for psql.
            """)

    @Argument(help: "The store to copy from: a path, or postgresql://user@host:port/database (?host=/socket/folder).")
    var source: String

    @Argument(help: "The store to copy into (created when it is a new SQLite file).")
    var destination: String

    @Option(name: .customLong("run"), help: "Copy only this run (default: every run).")
    var runID: Int64?

    func run() throws {
        let from = try RunStores.open(source, mode: .readOnly)
        defer { from.close() }
        let into = try RunStores.open(destination, mode: .write)
        defer { into.close() }
        let runs = try runID.map { [try from.run($0)] } ?? from.runs()
        for summary in runs {
            let copied = try into.insert(try from.rows(of: summary.id))
            Output.text("run \(summary.id) of \(from.location) -> run \(copied) of \(into.location)")
        }
    }
}
