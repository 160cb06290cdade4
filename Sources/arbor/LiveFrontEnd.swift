import ArborCore
import ArborEnvironments
import ArborSearch
import ArborSteering
import ArborStore
import ArborTUI
import ArgumentParser
import Foundation
import TerminalKit
import TerminalPictures

/// A search running in this process with the front end on top (`arbor demo`, `arbor run --tui`): the driver records
/// to the store, the front end follows the run through the store like any watcher, and its steering keys reach the
/// driver's controllers. Quitting the front end stops the search; the run is then recorded as interrupted. A signal
/// that ends the front end ends the process with the status a shell expects (130 for Ctrl-C, 143 for SIGTERM).
enum LiveFrontEnd {
    static func run(
        store: any RunStorage, recorder: RunRecorder, driver: RunDriver, tasks: [TaskSpec], steering: Steering,
        theme: String, images: ImagesChoice
    ) async throws {
        let work = Task {
            _ = await driver.run(tasks)
            // Stopped by quitting: the caller records the run as interrupted.
            if !Task.isCancelled { try? recorder.finish(status: .finished) }
        }
        var session = Session(library: StoreLibrary(store: store, location: store.location), theme: theme)
        session.pictures = Pictures(choice: images)
        session.refreshRuns()
        session.steering = steering.panel
        session.plannedEpisodes = (recorder.run, tasks.count)
        session.open(run: recorder.run, live: true)
        let start = session
        defer {
            Output.text("replay it with: arbor replay \(store.location) --run \(recorder.run)")
        }
        let signal: TerminalSignal?
        do {
            signal = try await InterfaceThread.run {
                try TerminalApp().run(screen: start, theme: theme, steer: steering.steer)
            }
        } catch {
            work.cancel()
            _ = await work.value
            try? recorder.finish(status: .interrupted)
            throw error
        }
        work.cancel()
        _ = await work.value
        try? recorder.finish(status: .interrupted)
        let summary = try store.run(recorder.run)
        Output.text(
            "run \(recorder.run): \(summary.status.rawValue), \(summary.endedEpisodes) episodes, "
                + "\(summary.successes) successes — recorded in \(store.location)")
        if let code = ExitCode(endedBy: signal) { throw code }
    }
}
