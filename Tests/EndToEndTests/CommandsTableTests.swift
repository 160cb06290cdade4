import ArborTesting
import Foundation
import Testing

/// Steering a real `arbor run --controllable --paused` from another process with `arbor ctl`, then reading what the
/// run recorded with `arbor events`: every command is one `intervention` event with its outcome, and a refused one
/// changes nothing.
@Suite(.serialized) struct CommandsTableTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-ctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// One intervention as `arbor events` prints it: its seq, and kind, node, author and outcome.
    struct Recorded: Equatable, CustomStringConvertible {
        var seq: Int
        var kind: String
        var node: Int?
        var author: String
        var outcome: String
        var description: String { "\(kind) \(node.map { "n\($0)" } ?? "-") by \(author): \(outcome)" }
    }

    func events(_ db: String) throws -> [[String: Any]] {
        let result = try runArbor(["events", db, "--run", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        return try result.stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func interventions(_ events: [[String: Any]]) -> [Recorded] {
        events.compactMap { event in
            guard event["kind"] as? String == "intervention", let payload = event["payload"] as? [String: Any] else {
                return nil
            }
            return Recorded(
                seq: event["seq"] as? Int ?? -1, kind: payload["kind"] as? String ?? "", node: payload["node"] as? Int,
                author: payload["author"] as? String ?? "", outcome: payload["outcome"] as? String ?? "")
        }
    }

    /// Sends `words` with `arbor ctl` and returns the outcome it printed.
    func ctl(_ db: String, _ words: String...) throws -> String {
        let result = try runArbor(["ctl", db, "--run", "1", "--author", "ctl-test"] + words)
        let answer = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any]
        let outcome = answer?["outcome"] as? String ?? "unreadable: \(result.stdout) \(result.stderr)"
        #expect(result.status == (outcome == "done" ? 0 : 1), "\(words): \(outcome)")
        return outcome
    }

    @Test func ctlStepsExpandsExcludesBacktracksAndResumesARealRun() throws {
        let db = folder.appendingPathComponent("ctl.db").path
        let run = Process()
        run.executableURL = try arborExecutable()
        run.arguments = [
            "run", "--db", db, "--tasks", "1", "--iterations", "3", "--samples", "4", "--value-samples", "2",
            "--judge-samples", "2", "--pace", "0.02", "--controllable", "--paused", "--author", "runner",
        ]
        run.standardOutput = Pipe()
        run.standardError = Pipe()
        try run.run()
        defer { if run.isRunning { run.terminate() } }
        // The run exists once `arbor runs` lists it.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, (try? runArbor(["runs", db]))?.stdout.contains("running") != true { usleep(50_000) }

        #expect(try ctl(db, "step") == "done")
        #expect(try ctl(db, "expand", "n2") == "done")
        #expect(try ctl(db, "step") == "done")
        #expect(try ctl(db, "exclude", "n1") == "done")
        #expect(try ctl(db, "expand", "n99") == "refused: episode 0 has no node n99")
        #expect(try ctl(db, "backtrack", "n0") == "refused: n0 is already the committed node")
        #expect(try ctl(db, "commit", "n2") == "done")
        #expect(try ctl(db, "backtrack", "n0") == "done")
        #expect(try ctl(db, "resume") == "done")
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)

        let before = try events(db)
        #expect(try ctl(db, "expand", "n1") == "refused: run 1 has ended (finished)")
        let after = try events(db)
        #expect(after.count == before.count, "a command for a finished run records nothing")

        let recorded = interventions(after)
        #expect(
            recorded.map(\.description) == [
                "pause - by runner: done", "stepIteration - by ctl-test: done", "expand n2 by ctl-test: done",
                "stepIteration - by ctl-test: done", "exclude n1 by ctl-test: done",
                "expand - by ctl-test: refused: episode 0 has no node n99",
                "backtrack n0 by ctl-test: refused: n0 is already the committed node",
                "commit n2 by ctl-test: done", "backtrack n0 by ctl-test: done", "resume - by ctl-test: done",
            ])
        // While paused nothing else runs, so a refused command's event sits right after the one before it and right
        // before the next: it changed nothing.
        let refusedSeqs = recorded.filter { $0.outcome.hasPrefix("refused") }.map(\.seq)
        #expect(refusedSeqs.count == 2)
        #expect(refusedSeqs[1] == refusedSeqs[0] + 1)
        #expect(recorded.contains { $0.seq == refusedSeqs[0] - 1 && $0.kind == "exclude" })
        #expect(recorded.contains { $0.seq == refusedSeqs[1] + 1 && $0.kind == "commit" })
        // The expansion the person forced, and the rewind: n2 expanded by the person, then the real episode back at n0.
        let kinds = after.map { $0["kind"] as? String ?? "" }
        #expect(kinds.contains("backtracked"))
        let committed = after.filter { $0["kind"] as? String == "actionCommitted" }
        let firstCommit = try #require(committed.first?["payload"] as? [String: Any])
        #expect(firstCommit["node"] as? Int == 2)
        #expect(firstCommit["stopReason"] as? String == "commanded")
    }
}
