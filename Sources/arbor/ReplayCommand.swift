import ArborCore
import ArborStore
import ArborStorePostgres
import ArborTUI
import ArgumentParser
import Foundation

/// `arbor replay DB`: a saved run on a timeline — step event by event, by iteration and by real step, jump to the
/// events of interest, autoplay.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a saved run event by event: the same views as live, driven by a timeline.",
        discussion: """
            Keys: > < one event, } { one iteration, ) ( one real step, m M the next or previous event of interest \
            (a value drop, a split debate, an error, an unparseable sample, an intervention, a success), ^ $ start \
            and end, Space or P play and pause, + - faster and slower. ? lists every key.
            """)

    @Argument(help: "The store, e.g. sample-runs/miniweb.db.")
    var database: String

    @Option(help: "The run (default: the newest).")
    var run: Int64?

    @Option(help: "The episode to show first, counted from 1 as the front end shows it.")
    var episode: Int?

    @OptionGroup var appearance: AppearanceOptions

    func run() async throws {
        let store = try RunStores.open(database, mode: .readOnly, existing: true)
        let runs = try store.runs()
        guard let id = run ?? runs.map(\.id).max() else {
            throw ValidationError("\(database) holds no runs yet; record one with `arbor run --db \(database)`")
        }
        _ = try store.run(id)
        var session = Session(library: StoreLibrary(store: store, location: database), theme: appearance.theme)
        session.pictures = Pictures(choice: appearance.images)
        session.refreshRuns()
        session.replay(run: id, episode: try episode.map { try EpisodeNumber.index($0, run: id, in: store) })
        session.forkSettings = { SearchOptions.settingsFlags(of: $0).joined(separator: " ") }
        let start = session
        let theme = appearance.theme
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let path = database
        let images = appearance.images.rawValue
        let signal = try await InterfaceThread.run {
            // A fork runs as `arbor fork` itself, with the terminal to itself: it needs a writer (the replay reads),
            // the same checks and errors as the command typed by hand, and the live front end from the start.
            try TerminalApp().run(
                screen: start, theme: theme,
                forkCommand: { fork in
                    [executable, "fork", path] + fork.arguments + ["--tui", "--theme", theme, "--images", images]
                })
        }
        if let code = ExitCode(endedBy: signal) { throw code }
    }
}
