import ArborTesting
import Foundation
import Testing

/// `arbor run --env exec:…` against a child that misbehaves at its first `step`: the fault becomes an `error` event
/// with its message, that episode ends failed with what it had recorded kept, and the next task runs in a fresh
/// child, which backtracks by reset and replay (it declares no snapshots) and records what each backtrack cost.
@Suite(.serialized) struct ExternalFaultRunTests {
    /// `Tests/Fixtures/fault_env.py`: two tasks, pages the offline agent can read, success after two steps; given a
    /// marker file, only the first child asked to step misbehaves (as its mode says), and every later one behaves.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/fault_env.py").standardized.path

    /// The command line of a child in `mode`, with its pid file and marker in `folder`.
    static func command(_ mode: String, in folder: URL) -> String {
        "python3 \(script) \(mode) \(folder.appendingPathComponent("pid").path) \(folder.appendingPathComponent("marker").path)"
    }

    /// The message each fault gives, for the command line `command` and the log file `log`.
    static func message(_ mode: String, command: String, log: String) -> String {
        let process = "environment process `\(command)`"
        switch mode {
        case "exit": return "\(process) exited with status 3 during `step`; its stderr is in \(log)"
        case "hang":
            return "\(process) did not answer `step` within 2 s and was killed; raise the timeout or see \(log)"
        case "garbage":
            return "\(process) wrote a line that is not JSON during `step`: \"hello there\"; "
                + "only protocol messages may go to stdout (log to stderr); it was killed"
        default: return "environment fault-env could not step: crashed: the simulator lost its state"
        }
    }

    @Test(arguments: ["exit", "hang", "garbage", "error"])
    func aFaultFailsItsEpisodeAndTheNextTaskRunsInAFreshChild(mode: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.db").path
        let log = folder.appendingPathComponent("arbor-environment.log").path
        let command = Self.command(mode, in: folder)
        // Only `step` is hurried (for the hanging child): the start and `reset` keep their minute, however loaded
        // the machine is.
        try "[environments.faulty]\ncommand = \"\(command)\"\nstep_timeout = 2\n".write(
            to: folder.appendingPathComponent("arbor.toml"), atomically: true, encoding: .utf8)

        let result = try runArbor(
            [
                "run", "--db", db, "--env", "faulty", "--method", "mcts", "--tasks", "2", "--iterations", "3",
                "--max-steps", "3", "--samples", "4", "--value-samples", "1",
            ], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "", "the child's stderr goes to the log, not the terminal")
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("[") }.count == 2)

        let events = try runArbor(["events", db, "--run", "1"])
        #expect(events.status == 0)
        let records = events.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        func payload(_ record: [String: Any]) -> [String: Any] { record["payload"] as? [String: Any] ?? [:] }
        func of(_ kind: String, episode: Int) -> [[String: Any]] {
            records.filter { $0["kind"] as? String == kind && $0["episode"] as? Int == episode }
        }

        // Episode 0: the fault, as an error event with its message; the episode failed; what came before is kept.
        let errors = of("error", episode: 0).map(payload)
        #expect(errors.count == 1)
        #expect(errors.first?["source"] as? String == "environment")
        #expect(errors.first?["message"] as? String == Self.message(mode, command: command, log: log))
        let first = try #require(of("episodeEnded", episode: 0).first.map(payload))
        #expect(first["success"] as? Bool == false)
        #expect(first["reason"] as? String == "error")
        #expect(!of("expanded", episode: 0).isEmpty, "what the episode recorded before the fault is kept")

        // Episode 1 ran to its end in a fresh child, backtracking by reset and replay with its cost recorded.
        let second = try #require(of("episodeEnded", episode: 1).first.map(payload))
        #expect(second["reason"] as? String != "error")
        #expect(of("error", episode: 1).isEmpty)
        let backtracks = of("backtracked", episode: 1).map(payload)
        #expect(!backtracks.isEmpty)
        #expect(backtracks.allSatisfy { $0["method"] as? String == "replay" && $0["durationMs"] as? Double != nil })
        #expect(backtracks.contains { ($0["actionsReplayed"] as? Int ?? 0) > 0 })
        #expect(records.last?["kind"] as? String == "runEnded")

        // One child listed the tasks, one served episode 0 and one episode 1. A killed child is restarted once more
        // for episode 0's verdict (reset, replay of the committed path, `outcome`); one that answered an error
        // response is still running and gives it.
        let starts = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            .filter { $0 == "fault-env starting in mode \(mode)" }
        #expect(starts.count == (mode == "error" ? 3 : 4))
    }

    @Test func timeoutsComeFromTheNamedEntryInArborToml() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let command = Self.command("hang", in: folder)
        let toml = folder.appendingPathComponent("arbor.toml")
        let arguments = [
            "run", "--db", "runs.db", "--env", "stuck", "--method", "greedy", "--tasks", "1", "--samples", "2",
        ]
        /// Runs with an entry for `stuck` holding `setting` beside its command.
        func run(with setting: String) throws -> ProcessResult {
            try "[environments.stuck]\ncommand = \"\(command)\"\n\(setting)\n".write(
                to: toml, atomically: true, encoding: .utf8)
            return try runArbor(arguments, in: folder)
        }
        let result = try run(with: "step_timeout = 1.5")
        #expect(result.status == 0, "\(result.stderr)")
        let events = try runArbor(["events", "runs.db", "--run", "1"], in: folder).stdout
        #expect(events.contains("did not answer `step` within 1.5 s and was killed"))

        let mistyped = try run(with: "step_timeout = \"soon\"")
        #expect(mistyped.status == 2)
        #expect(
            mistyped.stderr
                == "arbor: \(toml.path): [environments.stuck] step_timeout must be a number of seconds above 0\n")

        let misspelt = try run(with: "step_timeuot = 3")
        #expect(misspelt.status == 2)
        #expect(
            misspelt.stderr
                == "arbor: \(toml.path): [environments.stuck] has no setting \"step_timeuot\"; the settings are "
                + "command, start_timeout, reset_timeout, step_timeout, timeout\n")

        let badFlag = try runArbor(["run", "--db", "runs.db", "--env", "miniweb", "--env-timeout", "0"], in: folder)
        #expect(badFlag.status == 2)
        #expect(badFlag.stderr == "arbor: --env-timeout must be a number of seconds above 0\n")
    }

    @Test func parallelEpisodesRunInChildrenOfTheirOwn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // With the marker already there, no child misbehaves.
        #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent("marker").path, contents: Data()))
        let db = folder.appendingPathComponent("runs.db").path
        let result = try runArbor([
            "run", "--db", db, "--env", "exec:\(Self.command("error", in: folder))", "--parallel", "2", "--method",
            "mcts", "--tasks", "2", "--iterations", "3", "--max-steps", "3", "--samples", "4", "--value-samples", "1",
            // Slow enough that the second child has started before the first episode ends.
            "--pace", "0.1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let kinds = try runArbor(["events", db, "--run", "1"]).stdout.split(separator: "\n").compactMap { line in
            ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]).map {
                "\($0["kind"] as? String ?? "") \($0["episode"] as? Int ?? -1)"
            }
        }
        // Both episodes started before either ended, each in its own child: one more listed the tasks.
        let firstEnd = try #require(kinds.firstIndex { $0.hasPrefix("episodeEnded ") })
        #expect(kinds[..<firstEnd].filter { $0.hasPrefix("episodeStarted ") }.count == 2)
        #expect(kinds.filter { $0.hasPrefix("error ") }.isEmpty)
        let log = try String(
            contentsOfFile: folder.appendingPathComponent("arbor-environment.log").path, encoding: .utf8)
        #expect(log.split(separator: "\n").filter { $0 == "fault-env starting in mode error" }.count == 3)
    }

    /// Text that was not UTF-8 flows on, mended, and each mending is an `error` event from the environment at the
    /// node whose answer carried it: the run for the task list, the root for the task text of `reset`, the
    /// stepped-into node for a `step`.
    @Test func bytesThatAreNotUTF8AreRecordedWhereTheyCameIn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.db").path
        let command = "python3 \(Self.script) bad-bytes \(folder.appendingPathComponent("pid").path)"
        let result = try runArbor([
            "run", "--db", db, "--env", "exec:\(command)", "--method", "greedy", "--tasks", "1", "--max-steps", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")

        let events = try runArbor(["events", db, "--run", "1"])
        let errors = events.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.filter { $0["kind"] as? String == "error" }
        let found = errors.map { record -> String in
            let payload = record["payload"] as? [String: Any] ?? [:]
            return "node \(record["node"] as? Int ?? -1) \(payload["source"] as? String ?? ""): "
                + "\(payload["message"] as? String ?? "")"
        }
        let tail = "carried 2 byte sequences that are not UTF-8, each now U+FFFD, in "
        #expect(found.count == 4, "the task list, the reset, then one step into each of two nodes: \(found)")
        #expect(
            found.first
                == "node -1 environment: the environment's answer to `tasks` \(tail)the intent of task 2 (room/2); "
                + "the rest of the text is as the environment sent it")
        #expect(
            found.dropFirst().first
                == "node 0 environment: the environment's answer to `reset` (task room/1) \(tail)task; "
                + "the rest of the text is as the environment sent it")
        for step in found.dropFirst(2) {
            #expect(
                step.contains(" environment: the environment's answer to `step` (click [")
                    && step.hasSuffix("\(tail)observation; the rest of the text is as the environment sent it")
                    && !step.hasPrefix("node 0 "), "\(step)")
        }
    }
}
