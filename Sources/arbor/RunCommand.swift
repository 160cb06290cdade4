import ArborCore
import ArborSearch
import ArborStore
import ArgumentParser
import Dispatch
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

    @Option(help: "How many episodes run at once, each with its own environment.")
    var parallel = 1

    @Flag(help: "Take steering commands from the store's commands table (see `arbor ctl`).")
    var controllable = false

    @OptionGroup var steer: SteeringOptions

    @Flag(help: "Show the run in the front end as it searches, with the steering keys (Space, ., ,, e, b, …).")
    var tui = false

    @OptionGroup var appearance: AppearanceOptions

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be 1 or more") }
        guard !steer.paused || controllable || tui else {
            throw ValidationError("--paused needs --controllable or --tui, or nothing could ever resume the run")
        }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: db).deletingLastPathComponent().path
        let store: RunStore
        do {
            store = try RunStore.open(path: db)
        } catch {
            throw ValidationError("\(error)")
        }
        let prepared = try await search.prepare(
            logDirectory: directory.isEmpty ? "." : directory, cache: StoreResponseCache(store: store))
        let tasks = prepared.tasks
        var runStarted = prepared.started
        if controllable { runStarted.config["controllable"] = "true" }
        let recorder = try store.startRun(runStarted)
        let memory = ReflectionMemory(try store.reflections())
        let steering = Steering(author: steer.resolvedAuthor, paused: steer.paused)
        let channel = CommandChannel(forwardingTo: recorder, store: store, run: recorder.run, steering: steering)
        // The front end owns the terminal under --tui: progress lines would scribble over it.
        let tui = tui
        let progress = ProgressSink(forwardingTo: controllable ? channel : recorder, total: tasks.count) {
            if !tui { print($0) }
        }
        let driver = RunDriver(
            config: search.config, agent: prepared.agent, sink: progress, memory: memory, parallel: parallel,
            controller: { controllable || tui ? steering.controller(for: $0) : nil },
            environment: prepared.environment)
        if tui {
            try await LiveFrontEnd.run(
                store: store, recorder: recorder, driver: driver, tasks: tasks, steering: steering,
                theme: appearance.theme)
            return
        }
        let serving = Task { if controllable { await channel.serve() } }
        defer { serving.cancel() }
        print(
            "run \(recorder.run) · \(search.method.rawValue) on \(search.env) (\(search.split.rawValue), \(tasks.count) tasks)"
                + " · agent \(search.agent) · seed \(search.seed) → \(db)")
        let started = Date()
        let work = Task { await driver.run(tasks) }
        let interrupted = InterruptFlag()
        let signals = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler {
                interrupted.raise()
                work.cancel()
            }
            source.resume()
            return source
        }
        _ = await work.value
        signals.forEach { $0.cancel() }
        let status: RunStatus = interrupted.isRaised ? .interrupted : .finished
        try recorder.finish(status: status)
        let t = progress.totals
        let seconds = Date().timeIntervalSince(started)
        print("")
        print(ResultRow.header)
        print(
            ResultRow(
                method: search.method.rawValue, episodes: t.episodes, successes: t.successes, steps: t.steps,
                calls: t.calls, tokens: t.tokens, seconds: seconds
            ).line)
        if status == .interrupted { print("interrupted: run \(recorder.run) is recorded as interrupted") }
    }
}

/// Set once when Ctrl-C or SIGTERM arrives.
final class InterruptFlag: Sendable {
    private let raised = Mutex(false)
    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}
