import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

/// `arbor fork`, run as a user would: a MiniWeb run with the offline agent, forked from a node two steps down, in a
/// file or on a server alike.
@Suite("arbor fork", .postgresServer) struct ForkCLITests {
    static let runArguments = [
        "--tasks", "1", "--method", "mcts", "--iterations", "4", "--samples", "5", "--value-samples", "2",
        "--judge-samples", "2", "--max-steps", "5",
    ]

    /// Records the parent run (run 1) into the store at `location` and returns its first episode's fold.
    func recordParent(_ location: String, on backend: StoreBackend) throws -> EpisodeTree {
        let run = try runArbor(["run", "--db", location] + Self.runArguments)
        #expect(run.status == 0, "\(run.stderr)")
        let store = try backend.open(location, mode: .readOnly)
        defer { store.close() }
        return try #require(try RunState(store.log(run: 1)).episodes[0])
    }

    /// What a user sees of the store at `location`: its runs as JSON and run 1's events, to show a refused fork
    /// changed nothing (a file is also compared byte for byte).
    func contents(_ location: String) throws -> [String] {
        [try runArbor(["runs", location, "--json"]).stdout, try runArbor(["events", location, "--run", "1"]).stdout]
    }

    @Test("forks record their parent", arguments: StoreBackend.allCases)
    func forksRecordTheirParent(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let path = try backend.newLocation(in: folder)
        let parent = try recordParent(path, on: backend)
        // A node two steps down that the parent stepped into and that does not end the episode.
        let node = try #require(parent.nodes.first { $0.depth == 2 && $0.observation != nil && !$0.terminal })
        let actions = parent.path(to: node.id).dropFirst().map { parent[$0].action }

        let fork = try runArbor(["fork", path, "--run", "1", "--node", "#\(node.id.rawValue)", "--iterations", "3"])
        #expect(fork.status == 0, "\(fork.stderr)")
        #expect(fork.stderr == "")
        let lines = fork.stdout.split(separator: "\n").map(String.init)
        // A server is named in full, its default port spelled out (and never its password): docs/scale.md.
        let shown = backend == .sqlite ? path : path + "&port=5432"
        #expect(
            lines.first
                == "run 2 · fork of 1/1/#\(node.id.rawValue) (2 steps replayed) · mcts on miniweb "
                + "(task \(parent.taskID)) · agent offline · seed 7 → \(shown)")
        #expect(lines.contains { $0.hasPrefix("[1/1] ") && $0.contains(parent.taskID) })
        #expect(lines.contains { $0.hasPrefix("mcts               1") })

        let store = try backend.open(path, mode: .readOnly)
        defer { store.close() }
        #expect(try store.run(2).parent == RunOrigin(run: 1, episode: 0, node: node.id))
        let parentState = try RunState(store.log(run: 1))
        let state = try RunState(store.log(run: 2))
        let started = try #require(state.started)
        #expect(started.parent == RunOrigin(run: 1, episode: 0, node: node.id))
        // The config is the parent's with the one override.
        var expected = try #require(parentState.started).config
        expected["iterationsPerStep"] = "3"
        #expect(started.config == expected)
        #expect(started.environment == "miniweb" && started.method == "mcts" && started.seed == 7)

        let tree = try #require(state.episodes[0])
        #expect(tree.taskID == parent.taskID && tree.task == parent.task)
        #expect(Array(tree.committedPath.prefix(3)) == [0, 1, 2])
        #expect([tree[1].action, tree[2].action] == actions)
        // Same state: the page after the prefix is the parent's page at the node (blobs are content-addressed).
        #expect(tree[2].observation == node.observation)
        let forkInterventions = tree.interventions.filter { $0.author == "fork" }
        #expect(forkInterventions.map(\.kind) == [.commit, .commit])
        #expect(forkInterventions.map(\.node) == [1, 2])
        #expect(tree.outcome?.steps ?? 0 >= 2)

        let runs = try runArbor(["runs", path])
        let row = try #require(runs.stdout.split(separator: "\n").first { $0.hasPrefix(" 2 ") })
        #expect(row.hasSuffix("fork of 1/1/#\(node.id.rawValue)"))
        #expect(runs.stdout.split(separator: "\n").first?.hasSuffix("ORIGIN") == true)
        let json = try runArbor(["runs", path, "--json"])
        #expect(json.stdout.contains("\"parent\":{\"run\":1,\"episode\":0,\"node\":\(node.id.rawValue)}"))
        let events = try runArbor(["events", path, "--run", "2"])
        #expect(
            events.stdout.contains("\"note\":\"step 2 of 2 replayed from run 1, episode 1, node #\(node.id.rawValue)\"")
        )
        #expect(events.stdout.contains("\"iterationsPerStep\":\"3\""))
    }

    @Test("a bad fork says why and leaves the store as it was", arguments: StoreBackend.allCases)
    func refusals(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let path = try backend.newLocation(in: folder)
        let parent = try recordParent(path, on: backend)
        let before = backend == .sqlite ? FileManager.default.contents(atPath: path) : nil
        let seen = try contents(path)
        let count = parent.nodes.count

        let cases: [([String], String)] = [
            (
                ["--run", "1", "--node", "999"],
                "episode 1 of run 1 has no node #999 (its nodes are #0–#\(count - 1)); `arbor replay` shows them"
            ),
            (["--run", "7", "--node", "2"], "run 7 is not in this store. `arbor runs` lists the runs it has."),
            (
                ["--run", "1", "--episode", "4", "--node", "2"],
                "run 1 has no episode 4 (episodes count from 1; it has 1); `arbor replay DB --run 1` shows them"
            ),
            (
                ["--run", "1", "--episode", "0", "--node", "2"],
                "run 1 has no episode 0 (episodes count from 1; it has 1); `arbor replay DB --run 1` shows them"
            ),
            (["--run", "1", "--node", "two"], "--node takes a node id such as 12, n12 or #12, not 'two'"),
            (
                ["--run", "1", "--node", "2", "--iterations", "0"],
                "the fork's settings are not valid: --iterations, --max-steps, --samples, --branching and the sample "
                    + "counts must be 1 or more"
            ),
            (
                ["--run", "1", "--node", "2", "--db", folder.file("no/such/fork.db")],
                "cannot record the fork in \(folder.file("no/such/fork.db")): folder \(folder.file("no/such")) does not "
                    + "exist. Record it in another file with --db OUT"
            ),
        ]
        for (arguments, message) in cases {
            let result = try runArbor(["fork", path] + arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr == "arbor: \(message)\n")
            #expect(result.stdout == "")
        }
        if let terminal = parent.nodes.first(where: { $0.terminal && $0.parent != nil }) {
            let result = try runArbor(["fork", path, "--run", "1", "--node", "\(terminal.id.rawValue)"])
            #expect(
                result.stderr
                    == "arbor: node #\(terminal.id.rawValue) of run 1, episode 1 is terminal (its action "
                    + "'\(terminal.action)' ended the episode there), so a fork would have nothing to search; fork "
                    + "from a node above it\n")
        }
        if backend == .sqlite { #expect(FileManager.default.contents(atPath: path) == before) }
        #expect(try contents(path) == seen)
        #expect(try backend.open(path, mode: .readOnly).runs().count == 1)
    }

    @Test(
        "a fork into another store, and a parent whose environment cannot be rebuilt here",
        arguments: StoreBackend.allCases)
    func otherStoreAndMissingEnvironment(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let path = try backend.newLocation(in: folder)
        _ = try recordParent(path, on: backend)
        let out = try backend.newLocation(in: folder, name: "forks.db")
        let fork = try runArbor(["fork", path, "--run", "1", "--node", "n1", "--db", out, "--max-steps", "2"])
        #expect(fork.status == 0, "\(fork.stderr)")
        let forks = try backend.open(out, mode: .readOnly)
        #expect(try forks.runs().map(\.parent) == [RunOrigin(run: 1, episode: 0, node: 1)])
        #expect(try RunState(forks.log(run: 1)).started?.config["maxSteps"] == "2")
        #expect(try backend.open(path, mode: .readOnly).runs().count == 1)

        // A run recorded against an external environment this machine does not have.
        let exec = try backend.newLocation(in: folder, name: "exec.db")
        let store = try backend.open(exec)
        let recorder = try store.startRun(
            RunStarted(environment: "exec:arbor-no-such-environment --flag", model: "offline", method: "mcts", seed: 3),
            blobs: [])
        recorder.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t/0", task: "Do it")))
        recorder.append(
            .expanded(
                Expanded(
                    episode: 0, parent: .root, children: [ExpandedChild(node: 1, action: "go", prior: 1, count: 1)],
                    samples: 1, unparseable: 0)))
        try recorder.finish()
        store.close()
        let before = backend == .sqlite ? FileManager.default.contents(atPath: exec) : nil
        let seen = try contents(exec)
        // In the folder: the environment's log goes beside a file, and into the current folder for a server.
        let result = try runArbor(["fork", exec, "--run", "1", "--node", "1"], in: URL(fileURLWithPath: folder.path))
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "arbor: run 1 searched the environment 'exec:arbor-no-such-environment --flag', which cannot be "
                    + "rebuilt here: "))
        #expect(result.stderr.hasSuffix("Make it available (install it, or name it in arbor.toml) and fork again\n"))
        if backend == .sqlite { #expect(FileManager.default.contents(atPath: exec) == before) }
        #expect(try contents(exec) == seen)
    }
}
