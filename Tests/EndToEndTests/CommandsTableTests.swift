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

    @Test func ctlStepsExpandsExcludesBacktracksAndResumesARealRun() async throws {
        let db = folder.appendingPathComponent("ctl.db").path
        let run = Process()
        run.executableURL = try arborExecutable()
        run.arguments = [
            "run", "--db", db, "--tasks", "1", "--iterations", "3", "--samples", "4", "--value-samples", "2",
            "--judge-samples", "2", "--pace", "0.02", "--controllable", "--paused", "--author", "runner",
        ]
        run.standardOutput = privatePipe()
        run.standardError = privatePipe()
        try run.run()
        defer { if run.isRunning { run.terminate() } }
        // The run exists once `arbor runs` lists it.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, (try? runArbor(["runs", db]))?.stdout.contains("running") != true { usleep(50_000) }

        #expect(try ctl(db, "step") == "done")
        #expect(try ctl(db, "expand", "n2") == "done")
        #expect(try ctl(db, "step") == "done")
        #expect(try ctl(db, "exclude", "n1") == "done")
        #expect(try ctl(db, "expand", "n99") == "refused: episode 1 has no node n99")
        #expect(try ctl(db, "backtrack", "n0") == "refused: n0 is already the committed node")
        #expect(try ctl(db, "commit", "n2") == "done")
        #expect(try ctl(db, "backtrack", "n0") == "done")
        // The rest of the controls through the table: a fresh debate, a human value with a note, allow, the lock
        // and (the same verb again) its release, one phase.
        #expect(try ctl(db, "reevaluate", "n2") == "done")
        #expect(try ctl(db, "override", "n2", "0.3", "--note", "by eye") == "done")
        #expect(try ctl(db, "allow", "n1") == "done")
        // Two controllers at once: ada excludes n1 while bob allows it. The run takes them in the order the store
        // committed them (their ids), so bob's allow is refused exactly when it came first (n1 not excluded yet).
        func answer(_ result: ProcessResult) -> (id: Int, outcome: String) {
            let json = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any]
            return (json?["id"] as? Int ?? -1, json?["outcome"] as? String ?? "unreadable: \(result.stdout)")
        }
        async let adaRun = Task.detached {
            try runArbor(["ctl", db, "--run", "1", "--author", "ada", "exclude", "n1"])
        }.value
        async let bobRun = Task.detached { try runArbor(["ctl", db, "--run", "1", "--author", "bob", "allow", "n1"]) }
            .value
        let (ada, bob) = try await (answer(adaRun), answer(bobRun))
        #expect(ada.outcome == "done")
        #expect(bob.outcome == (bob.id < ada.id ? "refused: n1 is not excluded" : "done"))
        let controllers = [
            (ada.id, "exclude n1 by ada: \(ada.outcome)"), (bob.id, "allow n1 by bob: \(bob.outcome)"),
        ].sorted { $0.0 < $1.0 }.map(\.1)
        #expect(try ctl(db, "lock-root", "n2") == "done")
        #expect(try ctl(db, "lock-root", "n2") == "done")
        #expect(try ctl(db, "step-phase") == "done")
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
                "expand - by ctl-test: refused: episode 1 has no node n99",
                "backtrack n0 by ctl-test: refused: n0 is already the committed node",
                "commit n2 by ctl-test: done", "backtrack n0 by ctl-test: done", "reevaluate n2 by ctl-test: done",
                "overrideValue n2 by ctl-test: done", "allow n1 by ctl-test: done",
            ] + controllers + [
                "lockRoot n2 by ctl-test: done", "unlockRoot n2 by ctl-test: done", "stepPhase - by ctl-test: done",
                "resume - by ctl-test: done",
            ])
        // Re-evaluation and the override are recorded as evaluations of n2 (a debate, then a human value) and each
        // is backed up from n2 to the root.
        let afterOverride = try #require(
            after.firstIndex { event in
                (event["payload"] as? [String: Any])?["kind"] as? String == "overrideValue"
            })
        let overridePayload = try #require(after[afterOverride]["payload"] as? [String: Any])
        #expect(overridePayload["note"] as? String == "by eye")
        let human = try #require(after[afterOverride + 1]["payload"] as? [String: Any])
        #expect(after[afterOverride + 1]["kind"] as? String == "evaluated")
        #expect(human["method"] as? String == "human" && human["node"] as? Int == 2 && human["value"] as? Double == 0.3)
        let backup = try #require(after[afterOverride + 2]["payload"] as? [String: Any])
        #expect(after[afterOverride + 2]["kind"] as? String == "backedUp")
        #expect(backup["path"] as? [Int] == [0, 2] && backup["value"] as? Double == 0.3)
        let reevaluated = after.prefix(afterOverride).filter { event in
            event["kind"] as? String == "evaluated" && (event["payload"] as? [String: Any])?["node"] as? Int == 2
        }
        #expect(reevaluated.map { ($0["payload"] as? [String: Any])?["method"] as? String } == ["debate", "debate"])
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
