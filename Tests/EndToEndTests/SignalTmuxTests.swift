import ArborTesting
import Foundation
import Testing

/// SIGINT and SIGTERM sent to a live `arbor demo` from outside: it records the run as interrupted, says where, exits,
/// and leaves `stty -a` exactly as it found it.
@Suite(.serialized) struct SignalTmuxTests {
    @Test(arguments: ["INT", "TERM"]) func aSignalRestoresTheTerminal(signal: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-sig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let dir = folder.path
        let arbor = try arborExecutable().path
        // The inner shell writes its pid and becomes arbor, so the test can signal arbor itself.
        let script =
            "stty -a > \(dir)/before; sh -c 'echo $$ > \(dir)/pid; exec \(arbor) demo --db \(dir)/demo.db --pace 0.1'"
            + " 2> \(dir)/err; echo $? > \(dir)/status; stty -a > \(dir)/after.part; mv \(dir)/after.part \(dir)/after"
        let tmux = try Tmux(width: 100, height: 30, command: ["sh", "-c", script])
        defer { tmux.close() }
        try tmux.waitFor { $0.first?.contains("● LIVE") == true }
        let pid = try #require(
            Int32(
                try String(contentsOf: folder.appendingPathComponent("pid"), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, signal == "INT" ? SIGINT : SIGTERM) == 0)

        let after = folder.appendingPathComponent("after")
        try tmux.waitFor { _ in FileManager.default.fileExists(atPath: after.path) }
        let before = try String(contentsOf: folder.appendingPathComponent("before"), encoding: .utf8)
        #expect(try String(contentsOf: after, encoding: .utf8) == before, "stty -a after SIG\(signal) equals before")
        let screen = try tmux.waitFor { $0.contains { $0.contains("replay it with: arbor replay") } }
        #expect(screen.contains { $0.hasPrefix("run 1: interrupted, ") })
        let status = try String(contentsOf: folder.appendingPathComponent("status"), encoding: .utf8)
        // As a shell reports a process the signal ended.
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == (signal == "INT" ? "130" : "143"))
        #expect(try runArbor(["runs", "\(dir)/demo.db"]).stdout.contains("interrupted"))
    }
}
