import ArborCore
import ArborSearch
import ArborStore
import ArgumentParser
import Foundation
import Synchronization

/// `arbor run`: runs R-MCTS (or a baseline) over a benchmark's tasks and records every phase to a store.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a search method over a benchmark's tasks, recording every phase to SQLite.",
        discussion: """
            Prints a line as each episode ends and a summary at the end. Ctrl-C stops cleanly: the run is recorded as \
            interrupted with everything up to that point. Reflections from earlier runs in the same file are loaded \
            first, so a run gets better as the file learns.
            """)

    @OptionGroup var search: SearchOptions

    @Option(help: "The SQLite file to record to (created if missing).")
    var db = "runs.db"

    @Option(parsing: .unconditional, help: "How many episodes run at once, each with its own environment.")
    var parallel = 1

    @Flag(help: "Take steering commands from the store's commands table (see `arbor ctl`).")
    var controllable = false

    @OptionGroup var steer: SteeringOptions

    @Flag(help: "Show the run in the front end as it searches, with the steering keys (Space, ., ,, e, b, …).")
    var tui = false

    @OptionGroup var appearance: AppearanceOptions

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be 1 or more") }
        guard !db.isEmpty else { throw ValidationError("--db must name a file, e.g. runs.db") }
        // SQLite keeps `NAME-wal` and `NAME-shm` beside the store, and a file name has at most 255 bytes.
        let name = (db as NSString).lastPathComponent
        guard name.utf8.count <= 251 else {
            throw ValidationError(
                "--db: a file name may be at most 251 bytes (SQLite adds -wal beside it); this one has \(name.utf8.count)"
            )
        }
        guard !steer.paused || controllable || tui else {
            throw ValidationError("--paused needs --controllable or --tui, or nothing could ever resume the run")
        }
    }

    func run() async throws {
        try FileOnlyStore.check(db, for: "run")
        let directory = URL(fileURLWithPath: db).deletingLastPathComponent().path
        let store: RunStore
        do {
            store = try RunStore.open(path: db)
        } catch {
            throw ValidationError("\(error)")
        }
        let prepared = try await search.prepare(
            logDirectory: directory.isEmpty ? "." : directory, cache: StoreResponseCache(store: store))
        let execution = RunExecution(
            store: store, prepared: prepared, config: search.config, parallel: parallel, controllable: controllable,
            steer: steer, tui: tui, theme: appearance.theme, images: appearance.images)
        try await execution.perform { run in
            "run \(run) · \(search.method.rawValue) on \(search.env) (\(search.split.rawValue), \(prepared.tasks.count) tasks)"
                + " · agent \(search.agent) · seed \(search.seed) → \(db)"
        }
    }
}

/// Set when Ctrl-C or SIGTERM arrives, with the first signal's number.
final class InterruptFlag: Sendable {
    private let raised = Mutex<Int32?>(nil)
    func raise(_ signal: Int32) { raised.withLock { $0 = $0 ?? signal } }
    var signal: Int32? { raised.withLock { $0 } }
    var isRaised: Bool { signal != nil }
}
