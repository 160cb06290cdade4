import ArborTesting
import Foundation
import Testing

/// A person steers `arbor demo --paused` in a real terminal (tmux): steps iterations and phases (the status bar says
/// what runs next), forces an expansion, commits, backtracks, locks and unlocks the root; each shows on screen at once
/// and afterwards in `arbor events`.
@Suite(.serialized) struct SteeringTmuxTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-steer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    @Test func stepExpandCommitBacktrackAndLockInTheDemo() throws {
        let arbor = try arborExecutable().path
        let db = folder.appendingPathComponent("demo.db").path
        let tmux = try Tmux(
            width: 180, height: 30,
            command: [arbor, "demo", "--db", db, "--pace", "0.02", "--tasks", "1", "--paused", "--author", "tester"])
        defer { tmux.close() }
        func status(_ screen: [String]) -> String { screen.last { $0.contains(" nodes · ") } ?? "" }
        // The cursor goes where the test says with `:goto`, whatever order the live tree's siblings are in.
        func goto(_ node: Int) throws {
            try tmux.send(keys: ":")
            try tmux.type("goto \(node)")
            try tmux.send(keys: "Enter")
        }
        @discardableResult
        func waitForStatus(_ parts: String...) throws -> [String] {
            try tmux.waitFor { screen in parts.allSatisfy { status(screen).contains($0) } }
        }

        let paused = try waitForStatus("ep 1/1 · step 0 · iter 0 ·", "PAUSED · next: select")
        #expect(paused.first?.hasSuffix("PAUSED") == true)
        try tmux.send(keys: ".")
        try waitForStatus("iter 1 ·", "next: select", "stepIteration by tester: done")
        try tmux.send(keys: ",")
        try waitForStatus("iter 2 ·", "next: expand n1", "stepPhase by tester: done")
        try tmux.send(keys: ",")
        try waitForStatus("iter 2 ·", "next: evaluate n1")
        try tmux.send(keys: ".")
        try waitForStatus("iter 2 ·", "next: select", "stepIteration by tester: done")

        // The cursor to a grandchild of the root, which PUCT has not chosen: expand it next.
        try goto(7)
        let onChild = try tmux.waitFor { $0.contains { $0.contains("│n7 click [10]") } }
        #expect(onChild.contains { $0.contains("├─▾type [3] \"grey sofa\"") })
        try tmux.send(keys: "e")
        try waitForStatus("expand n7 by tester: done")
        try tmux.send(keys: ".")
        let expanded = try waitForStatus("iter 3 ·", "next: select")
        #expect(expanded.contains { $0.contains("├─▾click [10]") }, "n7 now has children")

        // Commit its parent by hand, then rewind the real episode to the root.
        try goto(1)
        try tmux.waitFor { $0.contains { $0.contains("│n1 type [3]") } }
        try tmux.send(keys: "c")
        try waitForStatus("step 1 · iter 0 ·", "commit n1 by tester: done")
        try goto(0)
        try tmux.waitFor { $0.contains { $0.contains("│n0 root") } }
        try tmux.send(keys: "b")
        let rewound = try waitForStatus("step 0 · iter 0 ·", "backtrack n0 by tester: done")
        #expect(rewound.contains { $0.contains("type [3] \"grey sofa\"") && $0.contains("↶") }, "n1 marked abandoned")

        // Lock the root at n1, and the same key again lifts the lock.
        try goto(1)
        try tmux.waitFor { $0.contains { $0.contains("│n1 type [3]") } }
        try tmux.send(keys: "L")
        try waitForStatus("lockRoot n1 by tester: done")
        try tmux.send(keys: "L")
        try waitForStatus("unlockRoot n1 by tester: done")
        try tmux.send(keys: "q")
        try tmux.waitFor { $0.contains { $0.contains("replay it with: arbor replay") } }

        let events = try runArbor(["events", db, "--run", "1"])
        #expect(events.status == 0)
        let interventions: [String] = events.stdout.split(separator: "\n").compactMap { line in
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                event["kind"] as? String == "intervention", let payload = event["payload"] as? [String: Any]
            else { return nil }
            let node = (payload["node"] as? Int).map { " n\($0)" } ?? ""
            return "\(payload["kind"] ?? "")\(node) \(payload["author"] ?? ""): \(payload["outcome"] ?? "")"
        }
        #expect(
            interventions == [
                "pause tester: done", "stepIteration tester: done", "stepPhase tester: done",
                "stepPhase tester: done", "stepIteration tester: done", "expand n7 tester: done",
                "stepIteration tester: done", "commit n1 tester: done", "backtrack n0 tester: done",
                "lockRoot n1 tester: done", "unlockRoot n1 tester: done",
            ])
    }
}
