import ArborCore
import ArborStore
import ArborTUI
import ArgumentParser
import Foundation

/// `arbor watch DB`: the front end on a store, following a run that another process is writing.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch runs in a store: follows a run another process is writing, as its events commit.",
        discussion: "Without --run it opens the newest running run, or the runs list when none is running.")

    @Argument(help: "The store, e.g. runs.db.")
    var database: String

    @Option(help: "The run to open (see `arbor runs`).")
    var run: Int64?

    @OptionGroup var appearance: AppearanceOptions

    func run() async throws {
        let store = try RunStore.open(path: database, mode: .readOnly)
        var session = Session(library: StoreLibrary(store: store), theme: appearance.theme)
        session.refreshRuns()
        if let run {
            _ = try store.run(run)
            session.open(run: run)
        } else if let running = session.runs.first(where: { $0.status == .running }) {
            session.open(run: running.id)
        }
        let theme = appearance.theme
        let start = session
        try await InterfaceThread.run { try TerminalApp().run(session: start, theme: theme) }
    }
}

/// How the front end looks.
struct AppearanceOptions: ParsableArguments {
    @Option(help: "Colour theme: dark, light, high-contrast, monochrome, or a file in ~/.config/arbor/themes.")
    var theme = "dark"
}
