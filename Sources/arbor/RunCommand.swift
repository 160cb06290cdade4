import ArborCore
import ArborSearch
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Dispatch
import Foundation
import Synchronization

/// `arbor run`: runs R-MCTS (or a baseline) over a benchmark's tasks and records every phase to a store.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a search method over a benchmark's tasks, recording every phase to a store.",
        discussion: """
            Prints a line as each episode ends and a summary at the end. Ctrl-C stops cleanly: the run is recorded as \
            interrupted with everything up to that point. Reflections from earlier runs in the same file are loaded \
            first, so a run gets better as the file learns.
            """)

    @OptionGroup var search: SearchOptions

    @Option(help: "The store to record to: an SQLite file (created if missing) or postgresql://user@host/database.")
    var db = "runs.db"

    @Option(parsing: .unconditional, help: "How many episodes run at once, each with its own environment.")
    var parallel = 1

    @Flag(help: "Take steering commands from the store's commands table (see `arbor ctl`).")
    var controllable = false

    @OptionGroup var steer: SteeringOptions

    @Flag(help: "Show the run in the front end as it searches, with the steering keys (Space, ., ,, e, b, …).")
    var tui = false

    @OptionGroup var appearance: AppearanceOptions

    @Flag(
        help: """
            With a PostgreSQL --db: record the run and queue its episodes for `arbor worker`s on any host, instead of \
            running them here.
            """)
    var enqueue = false

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be 1 or more") }
        if enqueue {
            guard PostgresLocation.isURL(db) else {
                throw ValidationError(
                    "--enqueue needs a PostgreSQL --db (postgresql://user@host/database): workers take the episodes "
                        + "from a server")
            }
            guard !tui, !controllable, !steer.paused, parallel == 1 else {
                throw ValidationError(
                    "--enqueue runs nothing here: drop --tui, --controllable, --paused and --parallel (a worker's "
                        + "--parallel says how many episodes it runs at once)")
            }
        }
        guard !db.isEmpty else { throw ValidationError("--db must name a file, e.g. runs.db") }
        guard !PostgresLocation.isURL(db) else { return try validateSteering() }
        // SQLite keeps `NAME-wal` and `NAME-shm` beside the store, and a file name has at most 255 bytes.
        let name = (db as NSString).lastPathComponent
        guard name.utf8.count <= 251 else {
            throw ValidationError(
                "--db: a file name may be at most 251 bytes (SQLite adds -wal beside it); this one has \(name.utf8.count)"
            )
        }
        try validateSteering()
    }

    private func validateSteering() throws {
        guard !steer.paused || controllable || tui else {
            throw ValidationError("--paused needs --controllable or --tui, or nothing could ever resume the run")
        }
    }

    func run() async throws {
        let directory =
            PostgresLocation.isURL(db) ? "." : URL(fileURLWithPath: db).deletingLastPathComponent().path
        let store: any RunStorage
        do {
            store = try RunStores.open(db)
        } catch {
            throw ValidationError("\(error)")
        }
        defer { store.close() }
        let prepared = try await search.prepare(
            logDirectory: directory.isEmpty ? "." : directory, cache: StoreResponseCache(store: store))
        if enqueue { return try queue(prepared, into: store) }
        let execution = RunExecution(
            store: store, prepared: prepared, config: search.config, parallel: parallel, controllable: controllable,
            steer: steer, tui: tui, theme: appearance.theme, images: appearance.images)
        try await execution.perform { run in
            "run \(run) · \(search.method.rawValue) on \(search.env) (\(search.split.rawValue), \(prepared.tasks.count) tasks)"
                + " · agent \(search.agent) · seed \(search.seed) → \(store.location)"
        }
    }
}

extension RunCommand {
    /// Records the run's start and queues its episodes, for workers to run (docs/scale.md).
    func queue(_ prepared: PreparedSearch, into store: any RunStorage) throws {
        let queue: EpisodeQueue
        do {
            queue = try EpisodeQueue(PostgresLocation(url: db))
        } catch {
            throw ValidationError("\(error)")
        }
        defer { queue.close() }
        let recorder = try store.startRun(prepared.started, blobs: prepared.promptBlobs)
        try queue.enqueue(run: recorder.run, tasks: prepared.tasks.map { ($0.id, $0.intent) })
        try store.flush()
        Output.text(
            "run \(recorder.run) · queued \(prepared.tasks.count) episodes · \(search.method.rawValue) on \(search.env) "
                + "(\(search.split.rawValue)) · agent \(search.agent) · seed \(search.seed) → \(store.location)")
        Output.text("start workers on any host: arbor worker --db '\(store.location)' --run \(recorder.run)")
    }
}

/// Set when Ctrl-C or SIGTERM arrives, with the first signal's number.
final class InterruptFlag: Sendable {
    private let raised = Mutex<Int32?>(nil)
    func raise(_ signal: Int32) { raised.withLock { $0 = $0 ?? signal } }
    var signal: Int32? { raised.withLock { $0 } }
    var isRaised: Bool { signal != nil }

    /// From now on Ctrl-C and SIGTERM raise the flag and call `stop` instead of ending the process. Cancel the
    /// returned sources to stop catching them.
    func catchSignals(_ stop: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler {
                self.raise(number)
                stop()
            }
            source.resume()
            return source
        }
    }
}
