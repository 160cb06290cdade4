import ArborCore
import ArborSearch
import ArborSteering
import ArborStore
import ArborTUI
import ArgumentParser
import Dispatch
import Foundation
import TerminalPictures

/// Records a prepared search into a store and runs it to the end: in the front end under `--tui`, else printing a
/// line per episode and a result row. Shared by `arbor run` and `arbor fork`.
struct RunExecution {
    var store: any RunStorage
    var prepared: PreparedSearch
    var config: SearchConfig
    var parallel = 1
    var controllable = false
    var steer: SteeringOptions
    var tui = false
    var theme = "dark"
    var images = ImagesChoice.auto
    /// Real steps every episode takes before its search (a fork's).
    var prefix: EpisodePrefix?

    /// Starts the run, prints `banner(run)` (unless the front end owns the terminal), and runs every task.
    func perform(banner: (RunID) -> String) async throws {
        if tui { try TerminalApp.preflight(theme: theme) }
        var runStarted = prepared.started
        if controllable { runStarted.config["controllable"] = "true" }
        let recorder = try store.startRun(runStarted, blobs: prepared.promptBlobs)
        if let repair = prepared.taskRepair {
            recorder.append(.error(ErrorRecord(episode: nil, node: nil, source: .environment, message: repair)))
        }
        let memory = ReflectionMemory(
            try store.reflections(kind: nil, from: prepared.lessons, environment: prepared.started.environment))
        let steering = Steering(author: steer.resolvedAuthor, paused: steer.paused)
        let channel = CommandChannel(forwardingTo: recorder, store: store, run: recorder.run, steering: steering)
        // The front end owns the terminal under --tui: progress lines would scribble over it.
        let tui = tui
        let controllable = controllable
        let progress = ProgressSink(forwardingTo: controllable ? channel : recorder, total: prepared.tasks.count) {
            // Each line as it happens, also when stdout is a pipe or a file (`arbor run … | tee log`).
            if !tui {
                Output.text($0)
                fflush(nil)  // every stream: `stdout` itself is not concurrency-safe to name
            }
        }
        let driver = RunDriver(
            config: config, agent: prepared.agent, sink: progress, memory: memory, parallel: parallel,
            controller: { controllable || tui ? steering.controller(for: $0) : nil }, prefix: prefix,
            environment: prepared.environment)
        if tui {
            try await LiveFrontEnd.run(
                store: store, recorder: recorder, driver: driver, tasks: prepared.tasks, steering: steering,
                theme: theme, images: images)
            return
        }
        let serving = Task { if controllable { await channel.serve() } }
        defer { serving.cancel() }
        Output.text(banner(recorder.run))
        fflush(nil)  // every stream: `stdout` itself is not concurrency-safe to name
        let started = Date()
        let tasks = prepared.tasks
        let work = Task { await driver.run(tasks) }
        let interrupted = InterruptFlag()
        let signals = interrupted.catchSignals { work.cancel() }
        _ = await work.value
        for signal in signals { signal.cancel() }
        let status: RunStatus = interrupted.isRaised ? .interrupted : .finished
        try recorder.finish(status: status)
        let t = progress.totals
        let seconds = Date().timeIntervalSince(started)
        Output.text("")
        Output.text(ResultRow.header)
        Output.text(
            ResultRow(
                method: config.method.rawValue, episodes: t.episodes, successes: t.successes, steps: t.steps,
                calls: t.calls, tokens: t.tokens, seconds: seconds
            ).line)
        if let signal = interrupted.signal {
            Output.text("interrupted: run \(recorder.run) is recorded as interrupted")
            // As a shell reports a process the signal ended, so a script can tell this run from a finished one.
            throw ExitCode(128 + signal)
        }
    }
}
