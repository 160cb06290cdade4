import ArborCore
import ArborStore
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

    @Option(help: "The episode to show first (0-based, as in `arbor events`).")
    var episode: Int?

    @OptionGroup var appearance: AppearanceOptions

    func run() async throws {
        let store = try RunStore.open(path: database, mode: .readOnly)
        let runs = try store.runs()
        guard let id = run ?? runs.map(\.id).max() else {
            throw ValidationError("\(database) holds no runs yet; record one with `arbor run --db \(database)`")
        }
        _ = try store.run(id)
        var session = Session(library: StoreLibrary(store: store), theme: appearance.theme)
        session.refreshRuns()
        session.replay(run: id, episode: episode)
        let start = session
        let theme = appearance.theme
        try await InterfaceThread.run { try TerminalApp().run(session: start, theme: theme) }
    }
}
