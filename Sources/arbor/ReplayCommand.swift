import ArborCore
import ArborStore
import ArborTUI
import ArgumentParser
import Foundation
import Synchronization

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
        try FileOnlyStore.check(database, for: "replay")
        let store = try RunStore.open(path: database, mode: .readOnly)
        let runs = try store.runs()
        guard let id = run ?? runs.map(\.id).max() else {
            throw ValidationError("\(database) holds no runs yet; record one with `arbor run --db \(database)`")
        }
        _ = try store.run(id)
        var session = Session(library: StoreLibrary(store: store), theme: appearance.theme)
        session.pictures = Pictures(choice: appearance.images)
        session.refreshRuns()
        session.replay(run: id, episode: try episode.map { try EpisodeNumber.index($0, run: id, in: store) })
        session.forkSettings = { SearchOptions.settingsFlags(of: $0).joined(separator: " ") }
        let start = session
        let theme = appearance.theme
        let images = appearance.images
        let request = Mutex<ForkRequest?>(nil)
        let signal = try await InterfaceThread.run {
            try TerminalApp().run(session: start, theme: theme) { session, _ in
                if let fork = session.forkRequest { request.withLock { $0 = fork } }
            }
        }
        if let code = ExitCode(endedBy: signal) { throw code }
        guard let fork = request.withLock({ $0 }) else { return }
        store.close()
        try ForkLaunch.exec(
            ["fork", database] + fork.arguments + ["--tui", "--theme", theme, "--images", images.rawValue])
    }
}

/// Turns this process into `arbor fork …` once the replay has given the terminal back.
///
/// The fork runs as its own command rather than inside the replay: the replay holds the file read-only, and the fork
/// needs a writer, the same checks and errors as `arbor fork` typed by hand, and the live front end from the start.
/// Replacing the process gives it all with no second copy of that path.
enum ForkLaunch {
    static func exec(_ arguments: [String]) throws -> Never {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        Output.text("arbor " + arguments.joined(separator: " "))
        fflush(nil)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        execv(executable, argv)
        let reason = String(cString: strerror(errno))
        throw ValidationError(
            "could not start the fork (\(executable): \(reason)); run it by hand: arbor "
                + arguments.joined(separator: " "))
    }
}
