import ArborTesting
import Foundation
import Testing

/// The processes whose command line mentions `text`.
func processes(mentioning text: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        return line.contains(text) ? "\(pid) \(line)" : nil
    }
}

/// A corridor of pages with numbered links, written as web pages so the offline agent proposes clicks, and without
/// snapshots, so that Arbor resets and replays: a Python environment written into `folder`.
func corridor(in folder: URL) throws -> URL {
    let adapters = URL(fileURLWithPath: textAdventure).deletingLastPathComponent().deletingLastPathComponent().path
    let script = folder.appendingPathComponent("corridor.py")
    try """
    import sys
    sys.path.insert(0, \(String(reflecting: adapters)))
    from arbor_env import Environment, InvalidAction, Reset, Step, Task, serve

    INTENT = "Open the page titled Goal."

    class Corridor(Environment):
        name = "corridor"
        action_verbs = ["click", "scroll", "stop"]

        def describe_actions(self):
            return 'click [id] follows a link, e.g. click [1] · scroll down · stop ["answer"]'

        def tasks(self, split):
            return [Task("corridor/1", INTENT)]

        def reset(self, task, seed=None):
            self.page = 0
            return Reset(observation=self.render(), task=INTENT)

        def render(self):
            if self.page >= 6:
                return "Goal\\n[1] link 'Start over'"
            return f"Page {self.page}\\n[1] link 'Page {self.page + 1}'\\n[2] link 'Page {self.page + 2}'"

        def step(self, action):
            text = action.strip().lower()
            if text.startswith("click [") and "]" in text:
                number = int(text[7:text.index("]")])
                if number not in (1, 2):
                    raise InvalidAction(f"there is no link [{number}] on this page")
                self.page = 0 if self.page >= 6 else self.page + number
                return Step(observation=self.render())
            if text.startswith("scroll"):
                return Step(observation=self.render())
            if text.startswith("stop"):
                return Step(observation="You stopped.", reward=1.0 if self.page >= 6 else 0.0, done=True)
            raise InvalidAction(f"not an action here: {action}")

    serve(Corridor())

    """.write(to: script, atomically: true, encoding: .utf8)
    return script
}

/// `arbor run --simulations 4` on an `exec:` environment that cannot save its state: each simulation in flight leases
/// a child of its own from the episode's pool, the episode's line says what the pool did, and every child is gone
/// when the run ends.
@Test func aPoolOfChildrenServesParallelSimulationsAndNoneOutlivesTheRun() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-pool-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = try corridor(in: folder)
    let db = folder.appendingPathComponent("runs.db").path
    let result = try runArbor([
        "run", "--db", db, "--env", "exec:python3 \(script.path)", "--tasks", "1", "--method", "rmcts",
        "--iterations", "8", "--max-steps", "3", "--samples", "5", "--value-samples", "2", "--simulations", "4",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("[") })
    let match = try #require(
        line.firstMatch(of: /environments (\d+) \(reused (\d+)\/(\d+), (\d+) replays of (\d+) actions in \d+ ms\)/))
    let (instances, reused, leases) = (Int(match.1)!, Int(match.2)!, Int(match.3)!)
    #expect((2...4).contains(instances), "\(line)")
    #expect(reused <= leases && leases >= 8, "\(line)")
    let events = try runArbor(["events", db, "--run", "1"])
    #expect(events.stdout.contains(#""instance":2"#), "a backtrack by the pool's second child is recorded")
    #expect(processes(mentioning: script.path).isEmpty, "\(processes(mentioning: script.path))")
}

/// Ctrl-C in the middle of a wave: the run is recorded as interrupted and every child of the pool is gone.
@Test func ctrlCMidWaveLeavesNoChildOfThePool() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-poolsig-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = try corridor(in: folder)
    let process = Process()
    process.executableURL = try arborExecutable()
    process.arguments = [
        "run", "--db", folder.appendingPathComponent("runs.db").path, "--env", "exec:python3 \(script.path)",
        "--tasks", "1", "--method", "rmcts", "--iterations", "400", "--samples", "5", "--value-samples", "2",
        "--simulations", "4", "--pace", "0.05",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Signalled once the search is recording selections (its Ctrl-C handling is in place: before it, while the run
    // starts, the environment is probed and Ctrl-C ends the process at once) and the pool has grown past the
    // episode's own child, i.e. with simulations in flight. The largest pool seen, not a second look: the pool may
    // close an instance between two looks.
    let deadline = Date().addingTimeInterval(120)
    var largest = 0
    var searching = false
    while Date() < deadline, process.isRunning, largest < 3 || !searching {
        Thread.sleep(forTimeInterval: 0.05)
        largest = max(largest, processes(mentioning: script.path).count)
        if !searching, largest >= 3 {
            let events = try runArbor(["events", folder.appendingPathComponent("runs.db").path, "--run", "1"])
            searching = events.stdout.contains(#""kind":"selected""#)
        }
    }
    #expect(searching, "the search was recording selections")
    #expect(largest >= 3, "the pool grew")
    #expect(process.isRunning, "the run was still going when signalled")
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(processes(mentioning: script.path).isEmpty, "\(processes(mentioning: script.path))")
}
