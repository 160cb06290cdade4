import ArborCore
import ArborStore
import ArborTesting
import Foundation
import Testing

/// The MiniWoB++ adapter, found from this file's path.
let miniwobExample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../adapters/python/examples/miniwob.py").standardized.path

/// Whether this machine has what the MiniWoB++ adapter needs: Debian's Chromium and its driver, and the `miniwob`
/// package for python3.
let miniwobInstalled: Bool = {
    let executables = ["/usr/bin/chromium", "/usr/bin/chromedriver"]
    return executables.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
        && pythonCanImport("miniwob.selenium_instance")
}()

/// MiniWoB++ in headless Chromium, served by the Python adapter: searched by `arbor run` with the offline agent, and
/// driven over the protocol directly for the paths where a browser must not be left behind.
@Suite(
    .serialized,
    .enabled(
        if: miniwobInstalled, "chromium, chromium-driver or the miniwob package is missing (make test installs them)"))
struct MiniWoBSearchTests {

    @Test func offlineMctsSearchesTwoMiniwobTasksAndLeavesNoBrowser() throws {
        let run = try MiniWoBRun([
            "--split", "test", "--tasks", "2", "--method", "mcts", "--iterations", "4", "--samples", "5",
            "--value-samples", "2", "--max-steps", "3",
        ])
        defer { run.remove() }
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(BrowserMark.processes(run.mark).isEmpty, "every Chromium of the run is gone")

        let store = try RunStore.open(path: run.db, mode: .readOnly)
        let events = try store.log(run: RunID(1)).map(\.event)
        let started = events.compactMap { event -> EpisodeStarted? in
            if case .episodeStarted(let e) = event { return e }
            return nil
        }
        #expect(started.map(\.taskID) == ["click-test/1000", "click-test-2/1000"])
        // The task is MiniWoB's own instruction, the utterance `reset` answered, not the placeholder `tasks` lists.
        #expect(started.map(\.task) == ["Click the button.", "Click button ONE."])
        let ended = events.compactMap { event -> EpisodeEnded? in
            if case .episodeEnded(let e) = event { return e }
            return nil
        }
        try #require(ended.count == 2)
        // click-test has one button: the agent clicks it and MiniWoB's raw reward is 1.
        #expect(ended[0].success && ended[0].reward == 1 && ended[0].reason == .terminal && ended[0].steps == 1)
        // click-test-2 ends at the first click, rewarded 1 (the right button) or -1 (the other).
        #expect(ended[1].reason == .terminal && ended[1].steps == 1 && [1, -1].contains(ended[1].reward))
        #expect(ended[1].success == (ended[1].reward == 1))
        let committed = events.compactMap { event -> String? in
            if case .actionCommitted(let e) = event { return e.action }
            return nil
        }
        #expect(committed.first == "click [4]")
        // Each proposed click carries the label its element has on the page it was proposed on.
        let firstChildren = events.compactMap { event -> [ExpandedChild]? in
            if case .expanded(let e) = event, e.parent == .root { return e.children }
            return nil
        }
        try #require(firstChildren.count == 2)
        #expect(firstChildren[0].first { $0.action == "click [4]" }?.label == "Click Me!")
        let secondLabels = Dictionary(firstChildren[1].map { ($0.action, $0.label) }, uniquingKeysWith: { a, _ in a })
        #expect(secondLabels["click [4]"] == "ONE" && secondLabels["click [5]"] == "TWO", "\(secondLabels)")

        // The page as the agent read it: the elements with MiniWoB's refs and their roles, text without a ref.
        let roots = events.compactMap { event -> Observed? in
            if case .observed(let e) = event, e.node == .root { return e }
            return nil
        }
        try #require(roots.count == 2)
        #expect(try store.blob(roots[0].observation) == "[4] button 'Click Me!'")
        #expect(try store.blob(roots[1].observation) == "[4] button 'ONE'\n[5] button 'TWO'")

        // The offline agent keeps to the grammar the adapter declares: the environment refused nothing.
        let refusals = events.compactMap { event -> String? in
            if case .error(let e) = event, e.message.contains("refused") { return e.message }
            return nil
        }
        #expect(refusals.isEmpty, "\(refusals)")
    }

    @Test func aCrashedBrowserIsAFaultAndTheNextResetStartsANewOne() throws {
        let adapter = try AdapterSession()
        defer { adapter.end() }
        _ = try adapter.ask(["op": "hello", "protocol": 1])
        let reset = try adapter.ask(["op": "reset", "task": "click-test-2/1000"])
        #expect(reset["task"] as? String == "Click button ONE.", "\(reset)")
        #expect(reset["observation"] as? String == "[4] button 'ONE'\n[5] button 'TWO'")
        let refused = try adapter.ask(["op": "step", "action": "click [9]"])
        #expect(refused["ok"] as? Bool == false)
        #expect(
            (refused["error"] as? [String: Any])?["message"] as? String
                == "'click [9]': there is no element [9] on this page (its refs: [4], [5])")

        for pid in BrowserMark.processes(adapter.mark) where BrowserMark.command(pid) == "chromium" {
            kill(pid, SIGKILL)
        }
        let crashed = try adapter.ask(["op": "step", "action": "click [4]"])
        #expect(crashed["ok"] as? Bool == false)
        #expect((crashed["error"] as? [String: Any])?["code"] as? String == "browser_crashed")

        let again = try adapter.ask(["op": "reset", "task": "click-test-2/1000"])
        #expect(again["observation"] as? String == "[4] button 'ONE'\n[5] button 'TWO'")
        let step = try adapter.ask(["op": "step", "action": "click [4]"])
        #expect(step["done"] as? Bool == true && step["reward"] as? Double == 1)
        let outcome = try adapter.ask(["op": "outcome"])
        #expect(outcome["success"] as? Bool == true)
    }

    @Test func sigtermAndClosedStdinLeaveNoBrowser() throws {
        for ending in ["SIGTERM", "stdin closed"] {
            let adapter = try AdapterSession()
            _ = try adapter.ask(["op": "hello", "protocol": 1])
            _ = try adapter.ask(["op": "reset", "task": "login-user/1000"])
            #expect(!BrowserMark.processes(adapter.mark).isEmpty, "a browser runs during the episode")
            let status: Int32
            if ending == "SIGTERM" {
                adapter.process.terminate()
                adapter.process.waitUntilExit()
                status = adapter.process.terminationStatus
                #expect(status == 143, "\(ending)")
            } else {
                try adapter.input.fileHandleForWriting.close()
                adapter.process.waitUntilExit()
                status = adapter.process.terminationStatus
                #expect(status == 0, "\(ending)")
            }
            // Chromium's last helpers may take a moment to be reaped by the system after their parent is gone.
            let deadline = Date().addingTimeInterval(5)
            while !BrowserMark.processes(adapter.mark).isEmpty && Date() < deadline { usleep(50_000) }
            #expect(BrowserMark.processes(adapter.mark).isEmpty, "no Chromium after \(ending)")
            try? FileManager.default.removeItem(atPath: adapter.mark)
        }
    }
}

/// `arbor run` on the MiniWoB++ adapter in a folder of its own, its browsers marked (``BrowserMark``); `remove()`
/// deletes the folder and the mark.
struct MiniWoBRun {
    let folder: URL
    let mark: String
    let result: ProcessResult
    var db: String { folder.appendingPathComponent("runs.db").path }

    init(_ arguments: [String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-miniwob-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        mark = try BrowserMark.folder()
        let db = folder.appendingPathComponent("runs.db").path
        result = try runArbor(
            ["run", "--db", db, "--env", "exec:python3 \(miniwobExample)"] + arguments,
            environment: BrowserMark.environment(mark))
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.removeItem(atPath: mark)
    }
}

/// Finds the browser processes of one test. The adapter is started with a folder of the test's own as TMPDIR and in
/// an environment variable: chromedriver, Chromium's browser process and its crash handlers inherit the variable, and
/// every Chromium child process has its profile, made under TMPDIR, on its command line.
enum BrowserMark {
    static let variable = "ARBOR_TEST_BROWSER_MARK"

    /// A new folder to mark one test's processes with.
    static func folder() throws -> String {
        // Short: Chromium keeps a Unix socket in its profile under it, and a socket's path has at most 107 bytes.
        let url = URL(fileURLWithPath: "/tmp/amw-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// The environment that marks a child's processes with `folder`.
    static func environment(_ folder: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment[variable] = folder
        environment["TMPDIR"] = folder
        return environment
    }

    static func processes(_ folder: String) -> [Int32] {
        let variable = Array("\(variable)=\(folder)".utf8)
        let path = Array(folder.utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard pid != getpid(), !state(pid).hasPrefix("Z") else { return false }
            let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") ?? Data()
            if environ.split(separator: 0).contains(where: { Array($0) == variable }) { return true }
            let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            return commandLine.split(separator: 0).contains { Array($0).contains(path) }
        }
    }

    static func command(_ pid: Int32) -> String {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The state letter of /proc/PID/stat (Z for a zombie, which is gone but for its exit status).
    private static func state(_ pid: Int32) -> String {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return "" }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces)
    }
}

/// The adapter as a child speaking the protocol over pipes, one request and one answer at a time.
final class AdapterSession {
    let process = Process()
    let input = privatePipe()
    let output = privatePipe()
    let mark: String
    private var buffer = Data()
    private var nextID = 0

    init() throws {
        mark = try BrowserMark.folder()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", miniwobExample]
        process.environment = BrowserMark.environment(mark)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func ask(_ request: [String: Any]) throws -> [String: Any] {
        nextID += 1
        var request = request
        request["id"] = nextID
        let line = try JSONSerialization.data(withJSONObject: request) + Data("\n".utf8)
        try input.fileHandleForWriting.write(contentsOf: line)
        while !buffer.contains(UInt8(ascii: "\n")) {
            // What the child has written so far (read(upToCount:) would wait for the whole count).
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw CocoaError(.fileReadUnknown) }
            buffer += chunk
        }
        let newline = buffer.firstIndex(of: UInt8(ascii: "\n"))!
        let answer = buffer[buffer.startIndex..<newline]
        buffer = Data(buffer[buffer.index(after: newline)...])
        return try JSONSerialization.jsonObject(with: answer) as? [String: Any] ?? [:]
    }

    /// Closes the protocol and waits for the child to exit.
    func end() {
        _ = try? ask(["op": "close"])
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: mark)
    }
}
