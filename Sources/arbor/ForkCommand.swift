import ArborCore
import ArborEnvironments
import ArborModels
import ArborSearch
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor fork DB --run N --node ID`: a new live run that starts from a recorded node's state (reached by taking the
/// actions of the path to it again) with the parent's settings, or changed ones.
struct ForkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fork",
        abstract: "Start a new run from a recorded node's state, with the parent run's settings or changed ones.",
        discussion: """
            The fork searches the parent episode's task again, in a fresh environment brought to the node by taking \
            the actions of the path from the root to it as real steps (recorded as commits by "fork"). It is a new \
            run, in the same file unless --db names another, whose runStarted names its parent (run, episode, node) \
            and whose config is the parent's with the settings given here. Any `arbor run` option that says how to \
            search may follow, e.g. --iterations 3, --method mcts, --max-steps 8, --seed 9. In `arbor replay`, F on \
            a node does the same.
            """)

    @Argument(help: "The store holding the parent run.")
    var database: String

    @Option(help: "The parent run.")
    var run: Int64

    @Option(help: "The parent episode, counted from 1 as the front end shows it.")
    var episode = 1

    @Option(help: "The node to fork from: its id, e.g. 12, n12 or #12.")
    var node: String

    @Option(
        name: .customLong("db"),
        help: "Record the fork in this store (a file, created if missing, or a URL) instead of the parent's.")
    var output: String?

    @Flag(help: "Show the fork in the front end as it searches, with the steering keys.")
    var tui = false

    @OptionGroup var steer: SteeringOptions

    @OptionGroup var appearance: AppearanceOptions

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("Settings to change, as `arbor run` takes them (e.g. --iterations 3).", valueName: "setting")
    )
    var settings: [String] = []

    func validate() throws {
        guard !steer.paused || tui else {
            throw ValidationError("--paused needs --tui, or nothing could resume the fork")
        }
    }

    func run() async throws {
        let parent = try ForkParent.read(database: database, run: run, episode: episode - 1, node: try nodeID())
        let search = try searchOptions(parent.started)
        // The parent's recorded templates, unless --prompts names others.
        let templates = search.prompts == nil ? parent.prompts : nil
        let target = output ?? database
        let directory =
            PostgresLocation.isURL(target) ? "." : URL(fileURLWithPath: target).deletingLastPathComponent().path
        let logDirectory = directory.isEmpty ? "." : directory
        let task = parent.task
        // The environment must be rebuilt here before anything is recorded: a fork that cannot start leaves the
        // file as it was.
        let probe: PreparedSearch
        do {
            probe = try await search.prepare(logDirectory: logDirectory, only: [task], templates: templates)
            let environment = try await probe.environment(task)
            _ = try await environment.reset(task)
            await environment.close()
        } catch {
            throw ForkError.environment(run: run, environment: parent.started.environment, reason: "\(error)")
        }
        let store: any RunStorage
        do {
            store = try RunStores.open(target)
        } catch .unwritable(let path, let reason) {
            throw ForkError.unwritable(path: path, reason: reason)
        } catch {
            throw ValidationError("\(error)")
        }
        defer { store.close() }
        var prepared = try await search.prepare(
            logDirectory: logDirectory, cache: StoreResponseCache(store: store), only: [task], templates: templates)
        prepared.started.parent = parent.origin
        let origin = "run \(run), episode \(episode), node #\(parent.origin.node.rawValue)"
        let execution = RunExecution(
            store: store, prepared: prepared, config: search.config, steer: steer, tui: tui, theme: appearance.theme,
            images: appearance.images,
            prefix: EpisodePrefix(actions: parent.actions, origin: origin))
        try await execution.perform { fork in
            "run \(fork) · fork of \(parent.origin.label) (\(parent.actions.count) steps replayed) · "
                + "\(search.method.rawValue) on \(search.env) (task \(task.id)) · agent \(search.agent) · "
                + "seed \(search.seed) → \(store.location)"
        }
    }

    /// `12`, `n12` or `#12`.
    func nodeID() throws -> NodeID {
        var text = Substring(node)
        if text.first == "#" || text.first == "n" { text = text.dropFirst() }
        guard let id = Int(text), id >= 0 else { throw ForkError.badNode(node) }
        return NodeID(id)
    }

    /// The parent's settings with the ones given here after them (the last of a repeated flag wins).
    func searchOptions(_ started: RunStarted) throws -> SearchOptions {
        if let problem = SearchOptions.environmentProblem(started.environment) {
            throw ForkError.environment(run: run, environment: started.environment, reason: problem)
        }
        do {
            return try SearchOptions.parse(SearchOptions.flags(reproducing: started) + settings)
        } catch {
            throw ForkError.settings(reason: SearchOptions.message(for: error))
        }
    }
}

/// What a fork takes from its parent run: how it searched, the episode's task, and the path to the node.
struct ForkParent {
    var started: RunStarted
    var task: TaskSpec
    var actions: [String]
    var origin: RunOrigin
    /// The prompt templates the parent recorded (nil for a run recorded before templates were): the shipped ones with
    /// the recorded texts in their place.
    var prompts: PromptSet?

    /// Reads the parent from `database` without changing it, and checks that the node can be forked from.
    static func read(database: String, run: RunID, episode: Int, node: NodeID) throws -> ForkParent {
        let store = try RunStores.open(database, mode: .readOnly, existing: true)
        defer { store.close() }
        _ = try store.run(run)
        let state: RunState
        do {
            state = try RunState(try store.log(run: run))
        } catch {
            throw ForkError.unreadable(run: run, reason: "\(error)")
        }
        guard let started = state.started else { throw ForkError.unreadable(run: run, reason: "it has no runStarted") }
        guard let tree = state.episodes[episode] else {
            throw ForkError.noEpisode(run: run, episode: episode, has: state.episodes.keys.sorted())
        }
        guard tree.contains(node) else {
            throw ForkError.noNode(run: run, episode: episode, node: "#\(node.rawValue)", count: tree.nodes.count)
        }
        if tree[node].terminal {
            throw ForkError.terminal(run: run, episode: episode, node: node, action: tree[node].action)
        }
        let prompts: PromptSet?
        do {
            prompts = try PromptSet.recorded(by: started, in: store)
        } catch let error as StoreError {
            throw error
        } catch {
            throw ForkError.unreadable(run: run, reason: "its recorded prompt templates: \(error)")
        }
        return ForkParent(
            started: started, task: TaskSpec(id: tree.taskID, intent: tree.task),
            actions: tree.path(to: node).dropFirst().map { tree[$0].action },
            origin: RunOrigin(run: run, episode: episode, node: node), prompts: prompts)
    }
}

extension RunOrigin {
    /// `1/1/#12`: run, episode (counted from 1), node.
    var label: String { "\(run)/\(EpisodeNumber.shown(episode))/#\(node.rawValue)" }
}
