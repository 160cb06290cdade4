import ArborTesting
import Foundation
import Testing

/// The terminal program as a person meets it, in a real terminal (tmux): the demo starts and grows, keys reach a
/// debate transcript and the help, a resize redraws, `q` leaves the terminal exactly as it was; `arbor watch` follows
/// a run another process is writing.
@Suite(.serialized) struct FrontEndTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The number before " nodes" in the status bar.
    func nodes(_ screen: [String]) -> Int? {
        guard let status = screen.last(where: { $0.contains(" nodes") }),
            let range = status.range(of: #"(\d+) nodes"#, options: .regularExpression)
        else { return nil }
        return Int(status[range].split(separator: " ")[0])
    }

    @Test func demoGrowsNavigatesResizesAndRestoresTheTerminal() throws {
        let arbor = try arborExecutable().path
        let dir = folder.path
        let script =
            "stty -a > \(dir)/before; \(arbor) demo --db \(dir)/demo.db --pace 0.2 --tasks 3 2> \(dir)/err;"
            + " echo $? > \(dir)/status; stty -a > \(dir)/after.part; mv \(dir)/after.part \(dir)/after"
        let tmux = try Tmux(width: 100, height: 30, command: ["sh", "-c", script])
        defer { tmux.close() }

        let live = try tmux.waitFor { $0.first?.contains("● LIVE") == true && nodes($0) != nil }
        #expect(live.first?.hasPrefix("Arbor · run 1 · rmcts-debate · miniweb · offline") == true)
        let first = try #require(nodes(live))
        let grown = try tmux.waitFor { (nodes($0) ?? 0) > first }
        #expect((nodes(grown) ?? 0) > first, "the tree grows while the search runs")

        // Back to the episodes, open the first, show the root's debate in the inspector.
        try tmux.send(keys: "Escape")
        try tmux.waitFor { $0.contains { $0.contains("ep  outcome") } }
        try tmux.send(keys: "g", "Enter")
        // The tree opens at the current state; R shows the whole episode, g puts the cursor on its root.
        try tmux.waitFor { $0.count > 1 && $0[1].hasPrefix("Task ") }
        try tmux.send(keys: "R", "g")
        try tmux.waitFor { $0.contains { $0.contains("▾root") } }
        try tmux.send(keys: "Tab", "3")
        let debate = try tmux.waitFor { s in
            s.contains { $0.contains("Supporter") } && s.contains { $0.contains("Judge") }
        }
        #expect(debate.contains { $0.contains("Opponent") })

        try tmux.send(keys: "?")
        let help = try tmux.waitFor { $0.contains { $0.contains("Keys — ") } }
        #expect(help.contains { $0.contains("next inspector tab") })
        try tmux.send(keys: "Escape")
        try tmux.waitFor { !$0.contains { $0.contains("Keys — ") } }

        try tmux.resize(width: 50, height: 12)
        let small = try tmux.waitFor { $0.contains { $0.contains("window too small (need 60×15)") } }
        #expect(small.contains { $0.contains("window too small (need 60×15)") })
        try tmux.resize(width: 80, height: 24)
        let redrawn = try tmux.waitFor { s in
            s.first?.hasPrefix("Arbor") == true && s.contains { $0.contains("? help") }
        }
        #expect(redrawn.allSatisfy { $0.count <= 80 })
        #expect(!redrawn.contains { $0.contains("window too small") })

        try tmux.send(keys: "q")
        let statusFile = folder.appendingPathComponent("status")
        let after = folder.appendingPathComponent("after")
        try tmux.waitFor { _ in FileManager.default.fileExists(atPath: after.path) }
        let status = try String(contentsOf: statusFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(status == "0")
        // The window was resized on purpose, so the size fields differ; every mode and control character must not.
        func modes(_ url: URL) throws -> String {
            try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
                of: #"rows \d+; columns \d+;"#, with: "", options: .regularExpression)
        }
        let before = try modes(folder.appendingPathComponent("before"))
        #expect(try modes(after) == before, "stty -a after equals stty -a before")
        #expect(before.contains("icanon") && before.contains("echo"))
        let closing = try tmux.waitFor { $0.contains { $0.contains("replay it with: arbor replay") } }
        #expect(closing.contains { $0.contains("replay it with: arbor replay") })
    }

    @Test func watchFollowsARunAnotherProcessWrites() throws {
        let db = folder.appendingPathComponent("watched.db").path
        // The writer: a real `arbor run`, slowed so the watcher sees it live.
        let writer = Process()
        writer.executableURL = try arborExecutable()
        writer.arguments = [
            "run", "--db", db, "--tasks", "3", "--iterations", "4", "--samples", "6", "--value-samples", "3",
            "--judge-samples", "2", "--pace", "0.1",
        ]
        writer.standardOutput = privatePipe()
        try writer.run()
        defer { if writer.isRunning { writer.terminate() } }
        // Wait for the run to exist before watching it.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, (try? runArbor(["runs", db]))?.stdout.contains("running") != true { usleep(50_000) }

        let tmux = try Tmux(width: 100, height: 30, command: [try arborExecutable().path, "watch", db])
        defer { tmux.close() }
        let live = try tmux.waitFor { $0.first?.contains("● LIVE") == true && nodes($0) != nil }
        #expect(live.first?.contains("run 1") == true)
        let first = try #require(nodes(live))
        let grown = try tmux.waitFor { s in (nodes(s) ?? 0) > first || s.first?.contains("FINISHED") == true }
        #expect((nodes(grown) ?? 0) > first || grown.first?.contains("FINISHED") == true)
        writer.waitUntilExit()
        let finished = try tmux.waitFor { $0.first?.contains("FINISHED") == true }
        #expect(finished.first?.contains("FINISHED") == true, "the watcher sees the run end")
        try tmux.send(keys: "q")
    }
}

/// The demo counts its episodes against every task asked for (`ep 1/3`, not `ep 1/1`), and its first episode waits
/// `--first-pace` before each agent call, so a first-time viewer can follow one whole search.
@Test func theDemoCountsTheWholeRunAndPacesItsFirstEpisode() throws {
    let arbor = try arborExecutable().path
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-demo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("demo.db").path
    let tmux = try Tmux(
        width: 100, height: 30,
        command: [
            arbor, "demo", "--db", db, "--tasks", "3", "--iterations", "2", "--pace", "0", "--first-pace", "0.05",
        ])
    defer { tmux.close() }
    let first = try tmux.waitFor { $0.contains { $0.hasPrefix(" ep 1/3 · ") } }
    #expect(first.contains { $0.hasPrefix(" ep 1/3 · ") }, "\(first.joined(separator: "\n"))")
    try tmux.waitFor(timeout: 60) { $0.contains { $0.hasPrefix(" ep 2/3 · ") } }
    try tmux.send(keys: "q")
    try tmux.waitFor { $0.contains { $0.contains("replay it with: arbor replay") } }

    let events = try runArbor(["events", db, "--run", "1"])
    let calls: [(episode: Int, time: Double)] = events.stdout.split(separator: "\n").compactMap { line in
        guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            event["kind"] as? String == "modelCall", let episode = event["episode"] as? Int,
            let time = event["time"] as? Double
        else { return nil }
        return (episode, time)
    }
    // A reply of several samples is recorded as several calls at once, after one wait: the first episode's calls
    // come in bursts 0.05 s apart at least.
    let firstEpisode = calls.filter { $0.episode == 0 }.map(\.time)
    let waits = zip(firstEpisode, firstEpisode.dropFirst()).filter { $1 - $0 >= 0.045 }.count
    #expect(waits >= 10, "\(firstEpisode.count) calls, \(waits) waits")
}

/// A key whose sequence curses does not know is one key, ignored: End under tmux with TERM=xterm-256color arrives as
/// `ESC [4~`, which used to fire Escape (back to the episodes), `[` and `4`.
@Test func anUnknownKeySequenceDoesNothing() throws {
    let arbor = try arborExecutable().path
    let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../sample-runs/miniweb.db").standardized.path
    let tmux = try Tmux(width: 100, height: 30, command: [arbor, "replay", samples, "--run", "1"])
    defer { tmux.close() }
    try tmux.waitFor { $0.count > 1 && $0[1].hasPrefix("Task ") }
    try tmux.send(keys: "End", "8")
    let screen = try tmux.waitFor { s in s.contains { $0.contains("│Rule  ") || $0.contains("│Committed steps") } }
    #expect(screen[1].hasPrefix("Task "), "still on the tree, not sent back to the episodes")
    #expect(!screen.contains { $0.contains("Episodes of this run") })
}

/// A terminal the front end cannot drive gets one clear line and exit 1, not garbage.
@Test func aDumbOrMissingTerminalGetsAClearMessage() throws {
    let arbor = try arborExecutable().path
    let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../sample-runs/miniweb.db").standardized.path
    let script =
        "env TERM=dumb \(arbor) watch \(samples); echo \"exit $?\"; env -u TERM \(arbor) watch \(samples); echo \"exit $?\""
    let tmux = try Tmux(width: 100, height: 12, command: ["sh", "-c", script])
    defer { tmux.close() }
    let screen = try tmux.waitFor { $0.filter { $0.hasPrefix("exit ") }.count == 2 }.joined(separator: "\n")
    #expect(screen.contains("arbor: this needs a terminal that supports cursor addressing (TERM is 'dumb')"))
    #expect(screen.contains("(TERM is unset)"))
    #expect(screen.components(separatedBy: "exit 1").count == 3)
}
