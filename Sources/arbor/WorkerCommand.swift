import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor worker`: claims queued episodes from a PostgreSQL store and runs them with their run's recorded settings.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run queued episodes (`arbor run --db URL --enqueue`) from a PostgreSQL store, on any host.",
        discussion: """
            Claims one waiting episode at a time (or --parallel at once), runs it with its run's recorded settings \
            and records it under that run. Heartbeats every second; an episode whose worker has been silent for \
            --timeout seconds goes back to the queue and is run again from the start by another worker. Lessons \
            are read from the store before each episode, so every worker learns what any worker learned. With \
            --run it exits when that run has nothing left to claim; without it, it waits for work until Ctrl-C. \
            The model server comes from this host's OPENAI_BASE_URL or arbor.toml, as for `arbor run`.
            """)

    @Option(help: "The PostgreSQL store holding the queue: postgresql://user@host/database.")
    var db: String

    @Option(help: "Work on this run only, and exit when it has nothing left to claim.")
    var run: Int64?

    @Option(parsing: .unconditional, help: "How many episodes this worker runs at once.")
    var parallel = 1

    @Option(help: "Seconds a worker may be silent before its episodes go back to the queue.")
    var timeout = EpisodeQueue.defaultTimeout

    func validate() throws {
        guard PostgresLocation.isURL(db) else {
            throw ValidationError(
                "--db must be a PostgreSQL URL (postgresql://user@host/database): workers share a queue on a server")
        }
        guard parallel >= 1 else { throw ValidationError("--parallel must be 1 or more") }
        guard timeout >= 2, timeout.isFinite else { throw ValidationError("--timeout must be 2 seconds or more") }
        if let run, run < 1 { throw ValidationError("--run must be a run number (see `arbor runs`)") }
    }

    func run() async throws {
        let address: PostgresLocation
        do {
            address = try PostgresLocation(url: db)
        } catch {
            throw ValidationError("\(error)")
        }
        try await EpisodeWorker(address: address, run: run, parallel: parallel, timeout: timeout).work()
    }
}
