import ArborTesting
import Foundation
import Testing

/// `F` in `arbor replay`, in a real terminal: the prompt comes prefilled, an edited setting reaches the fork, and the
/// fork runs live in the front end as a new run that names its parent; leaving it comes back to the replay.
@Suite(.serialized) struct ForkTmuxTests {
    @Test func fInAReplayForksALiveRunWithTheEditedSettings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-fork-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.db").path
        let parent = try runArbor([
            "run", "--db", db, "--tasks", "1", "--method", "mcts", "--iterations", "4", "--samples", "5",
            "--value-samples", "2", "--judge-samples", "2",
        ])
        #expect(parent.status == 0, "\(parent.stderr)")

        let arbor = try arborExecutable().path
        let tmux = try Tmux(width: 160, height: 40, command: ["sh", "-c", "\(arbor) replay \(db); echo exit=$?"])
        defer { tmux.close() }
        try tmux.waitFor { $0.contains { $0.contains("▾root") } }
        // The first line under the root: a node at depth 1.
        try tmux.send(keys: "g", "j", "F")
        let prompt = try tmux.waitFor { $0.contains { $0.hasPrefix(":fork #") } }
        let line = try #require(prompt.first { $0.hasPrefix(":fork #") })
        #expect(line.contains("--method mcts --iterations 4 --max-steps 5 --samples 5 --branching 5"))
        #expect(line.contains("--seed 7"))
        let forked = try #require(line.split(separator: " ").first { $0.hasPrefix("#") }?.dropFirst())
        try tmux.type(" --iterations 2")
        try tmux.send(keys: "Enter")
        let live = try tmux.waitFor(timeout: 60) { $0.first?.hasPrefix("Arbor · run 2 · mcts") == true }
        #expect(live.first?.hasPrefix("Arbor · run 2 · mcts · miniweb · offline") == true)
        try tmux.waitFor(timeout: 60) { $0.first?.contains("FINISHED") == true }
        // q leaves the fork, not the replay: the replay comes back on the node it forked from, and says so.
        try tmux.send(keys: "q")
        let back = try tmux.waitFor(timeout: 30) { s in
            s.first?.hasPrefix("Arbor · run 1 ·") == true && s.contains { $0.contains("the fork ran as run 2") }
        }
        #expect(
            back.contains { $0.contains("the fork ran as run 2; back in the replay") },
            "\(back.joined(separator: "\n"))")
        #expect(!back.contains { $0.contains("exit=") })
        // The inspector's title names the node under the cursor: the one the fork started from.
        #expect(back.contains { $0.contains("│n\(forked) ") }, "\(back.joined(separator: "\n"))")
        try tmux.send(keys: "q")
        try tmux.waitFor(timeout: 30) { $0.contains { $0.contains("exit=0") } }

        let runs = try runArbor(["runs", db, "--json"])
        let fork = try #require(runs.stdout.split(separator: "\n").last)
        #expect(fork.hasPrefix("{\"id\":2,"))
        #expect(fork.contains("\"parent\":{\"run\":1,\"episode\":0,\"node\":"))
        let events = try runArbor(["events", db, "--run", "2"])
        #expect(events.stdout.contains("\"iterationsPerStep\":\"2\""))
        #expect(events.stdout.contains("\"author\":\"fork\""))
    }
}
