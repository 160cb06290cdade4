import ArborCore
import ArborStore
import ArborStorePostgres
import ArborTUI
import ArgumentParser
import Foundation
import TerminalPictures

/// `arbor watch DB`: the front end on a store, following a run that another process is writing.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch runs in a store: follows a run another process is writing, as its events commit.",
        discussion: """
            Without --run it opens the newest running run, or the runs list when none is running. On a PostgreSQL \
            store with a queue (`arbor run --enqueue`) it opens the runs list, with the queue's counts and the \
            workers (host, pid, the episode each holds, heartbeat age, episodes done and failed) under it, live.
            """)

    @Argument(help: "The store, e.g. runs.db or postgresql://user@host/database.")
    var database: String

    @Option(help: "The run to open (see `arbor runs`).")
    var run: Int64?

    @Flag(help: "Steer the run from here: the steering keys become commands that a --controllable run takes.")
    var control = false

    @Option(help: "Who the commands are from (default: $USER).")
    var author: String?

    @OptionGroup var appearance: AppearanceOptions

    func run() async throws {
        let store = try RunStores.open(database, mode: .readOnly, existing: true)
        defer { store.close() }
        // A server whose runs are worked on by a queue opens on the runs list, with its workers under it.
        let queue = RunStores.queue(database)
        defer { queue?.close() }
        var session = Session(
            library: StoreLibrary(store: store, location: database, queue: queue), theme: appearance.theme)
        session.pictures = Pictures(choice: appearance.images)
        session.refreshRuns()
        if let run {
            _ = try store.run(run)
            session.open(run: run)
        } else if queue == nil, let running = session.runs.first(where: { $0.status == .running }) {
            session.open(run: running.id)
        }
        let theme = appearance.theme
        // Commands go through a writable store opened for them; the view keeps reading through the read-only one.
        let writer = control ? try RunStores.open(database, existing: true) : nil
        defer { writer?.close() }
        let who = author ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "user"
        if control { session.steering = SteeringPanel() }
        let start = session
        let signal = try await InterfaceThread.run {
            try TerminalApp().run(
                screen: start, theme: theme, steer: writer.map { Self.sendingCommands(to: $0, as: who) })
        }
        if let code = ExitCode(endedBy: signal) { throw code }
    }

    /// Turns the steering keys into rows of the commands table, for the run on screen.
    static func sendingCommands(to writer: any RunStorage, as author: String) -> (SteerRequest, inout Session) -> Void {
        { request, session in
            guard let run = session.model?.run else { return }
            do {
                let id = try writer.enqueueCommand(
                    run: run, kind: request.kind.rawValue, episode: request.episode, node: request.node,
                    value: request.value, note: request.note, author: author, at: Date().timeIntervalSince1970)
                // Refused here, as `arbor ctl` would, when nothing will ever answer in the run's log.
                if let refusal = try CtlCommand.refusal(store: writer, run: run) {
                    try writer.acknowledge(command: id, outcome: refusal, at: Date().timeIntervalSince1970)
                    session.say("\(request.kind.rawValue): \(refusal)")
                    return
                }
                session.say("sent \(request.kind.rawValue) as command \(id); the run answers in its log")
            } catch {
                session.say("could not send \(request.kind.rawValue): \(error)")
            }
        }
    }
}

/// How the front end looks.
struct AppearanceOptions: ParsableArguments {
    @Option(help: "Colour theme: dark, light, high-contrast, monochrome, or a file in ~/.config/arbor/themes.")
    var theme = "dark"

    @Option(
        help: ArgumentHelp(
            "Screenshots: auto (ask the terminal), kitty, sixel, iterm, symbols or off.",
            discussion: "auto draws pixels where the terminal answers that it speaks kitty's graphics, iTerm2's "
                + "inline images or sixel, and symbol art everywhere else (tmux, plain SSH, the Linux console)."))
    var images: ImagesChoice = .auto
}

extension ImagesChoice: ExpressibleByArgument {}
