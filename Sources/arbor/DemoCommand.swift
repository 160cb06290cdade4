import ArborCore
import ArborSearch
import ArborSteering
import ArborStore
import ArborTUI
import ArgumentParser
import Foundation

/// `arbor demo`: a live R-MCTS search on MiniWeb with the offline agent, shown as it runs. No key, no network.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Watch a live R-MCTS search (debate + reflection) on MiniWeb with the built-in offline agent.",
        discussion: """
            Records to a temporary database unless --db is given, and keeps going through several tasks. \
            Press ? for keys, q to quit; Space pauses, . and , step, e b c x v = steer.
            """)

    @Option(help: "Record to this database instead of a temporary one.")
    var db: String?

    @Option(help: "Seconds each agent call waits, so a person can follow the search (0 runs flat out).")
    var pace = 0.25

    @Option(
        name: .customLong("first-pace"),
        help: ArgumentHelp(
            "Seconds each agent call waits in the first episode, so a first-time viewer can follow it "
                + "(default: 4 × --pace)."))
    var firstPace: Double?

    @Option(help: "How many MiniWeb tasks to run.")
    var tasks = 12

    @Option(help: "Seed for MiniWeb and the agent.")
    var seed: UInt64 = 7

    @Option(help: "Search iterations per real step.")
    var iterations = 12

    @OptionGroup var appearance: AppearanceOptions

    @OptionGroup var steer: SteeringOptions

    func validate() throws {
        guard pace >= 0, pace <= 10 else { throw ValidationError("--pace must be between 0 and 10 seconds") }
        guard (firstPace ?? 0) >= 0, (firstPace ?? 0) <= 10 else {
            throw ValidationError("--first-pace must be between 0 and 10 seconds")
        }
        guard tasks >= 1, iterations >= 1 else { throw ValidationError("--tasks and --iterations must be 1 or more") }
    }

    func run() async throws {
        try TerminalApp.preflight(theme: appearance.theme)
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("arbor-demo-\(getpid()).db").path
        let search = try SearchOptions.parse([
            "--env", "miniweb", "--split", "test", "--tasks", String(tasks), "--method", "rmcts-debate",
            "--seed", String(seed), "--iterations", String(iterations), "--samples", "10", "--value-samples", "6",
            "--judge-samples", "3",
        ])
        try search.validate()
        let store: RunStore
        do {
            store = try RunStore.open(path: path)
        } catch {
            throw ValidationError("\(error)")
        }
        let (started, promptBlobs) = try search.runStart()
        let recorder = try store.startRun(started, blobs: promptBlobs)
        let steering = Steering(author: steer.resolvedAuthor, paused: steer.paused)
        let agent = PacedAgent(
            agent: try search.makeAgent(), pause: .seconds(pace), episodePause: (0, .seconds(firstPace ?? 4 * pace)))
        let driver = RunDriver(
            config: search.config, agent: agent, sink: recorder,
            memory: try search.lessons(in: store),
            controller: { steering.controller(for: $0) }, environment: search.environmentFactory())
        try await LiveFrontEnd.run(
            store: store, recorder: recorder, driver: driver, tasks: try search.taskList(), steering: steering,
            theme: appearance.theme, images: appearance.images)
    }
}
