import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

/// The viewers, run as a user who may read the store but write nothing near it (`nobody`, through `setpriv`, when the
/// tests run as root): they work on a `chmod 444` file in a folder that user cannot write, leave the folder exactly as
/// they found it when no writer is there, and still see what a live writer has committed.
@Suite(.serialized) struct ReadOnlyViewerTests {
    /// A folder under /tmp that anyone may enter and read but only the test's user may write, holding `runs.db`.
    struct ReadOnlyFolder {
        let url: URL
        var db: String { url.appendingPathComponent("runs.db").path }

        init() throws {
            url = URL(fileURLWithPath: "/tmp").appendingPathComponent("arbor-read-only-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            chmod(url.path, 0o755)
        }

        var listing: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }

        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// Runs `arbor` as `nobody` when the tests run as root; otherwise as the (already unprivileged) test user.
    static func viewer(_ arguments: [String]) throws -> (stdout: String, stderr: String, status: Int32) {
        let bytes =
            unprivileged.isEmpty
            ? try runArborBytes(arguments)
            : try runProgramBytes(
                URL(fileURLWithPath: "/usr/bin/setpriv"),
                Array(unprivileged.dropFirst()) + [try arborExecutable().path] + arguments)
        return (
            String(decoding: bytes.stdout, as: UTF8.self), String(decoding: bytes.stderr, as: UTF8.self), bytes.status
        )
    }

    static func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static var unprivileged: [String] {
        getuid() == 0 ? ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] : []
    }

    @Test func viewersWorkOnAReadOnlyFileInAFolderTheyCannotWriteAndLeaveNothingBehind() throws {
        let folder = try ReadOnlyFolder()
        defer { folder.remove() }
        let written = try runArbor(["_store-writer", folder.db, "--events", "200"])
        #expect(written.status == 0, "\(written.stderr)")
        chmod(folder.db, 0o444)
        let before = try Data(contentsOf: URL(fileURLWithPath: folder.db))
        #expect(folder.listing == ["runs.db"])

        let runs = try Self.viewer(["runs", folder.db])
        #expect(runs.stderr == "" && runs.status == 0)
        #expect(runs.stdout.contains(" 1  ") && runs.stdout.contains("  finished  "), "\(runs.stdout)")
        let events = try Self.viewer(["events", folder.db, "--run", "1"])
        #expect(events.stderr == "" && events.stdout.split(separator: "\n").count == 201, "200 and runEnded")
        let calls = try Self.viewer(["calls", folder.db, "--run", "1"])
        #expect(calls.stderr == "" && calls.stdout.hasPrefix("ROLE "), "\(calls.stdout)")
        let export = try Self.viewer(["export", folder.db, "--run", "1", "--format", "markdown"])
        #expect(export.stderr == "" && export.stdout.hasPrefix("# Run 1: "), "\(export.stdout.prefix(200))")
        let diff = try Self.viewer(["diff", folder.db + ":1", folder.db + ":1"])
        #expect(diff.stderr == "" && diff.stdout.contains("successes: A 0/1 · B 0/1"), "\(diff.stdout)")
        #expect(folder.listing == ["runs.db"], "the one-shot viewers left nothing beside the store")

        let arbor = try arborExecutable().path
        for command in ["replay", "watch"] {
            let tmux = try Tmux(
                width: 100, height: 30,
                command: [
                    "sh", "-c",
                    (Self.unprivileged + [arbor, command, folder.db, "--run", "1"]).map(Self.quote)
                        .joined(separator: " ") + "; echo exit=$?",
                ])
            defer { tmux.close() }
            let screen = try tmux.waitFor { $0.count > 1 && $0[1].hasPrefix("Task ") }
            #expect(screen.count > 1 && screen[1].hasPrefix("Task "), "\(command): \(screen.joined(separator: "\n"))")
            try tmux.send(keys: "q")
            let end = try tmux.waitFor { $0.contains { $0.hasPrefix("exit=") } }
            #expect(end.contains("exit=0"), "\(command): \(end.joined(separator: "\n"))")
            #expect(folder.listing == ["runs.db"], "\(command) left nothing beside the store")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.db)) == before, "the store is byte for byte the same")
    }

    @Test func aViewerSeesWhatALiveWriterHasCommitted() throws {
        let folder = try ReadOnlyFolder()
        defer { folder.remove() }
        let store = try RunStore.open(path: folder.db)
        let recorder = try store.startRun(
            RunStarted(environment: "e", model: "m", method: "greedy", seed: 1))
        recorder.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t/0", task: "first")))
        try recorder.flush()
        let first = try Self.viewer(["events", folder.db, "--run", "\(recorder.run)"])
        #expect(first.stderr == "" && first.stdout.split(separator: "\n").count == 2, "\(first.stdout)")

        recorder.append(.episodeStarted(EpisodeStarted(episode: 1, taskID: "t/1", task: "second")))
        try recorder.flush()
        let second = try Self.viewer(["events", folder.db, "--run", "\(recorder.run)"])
        #expect(second.stderr == "" && second.stdout.split(separator: "\n").count == 3, "\(second.stdout)")
        let runs = try Self.viewer(["runs", folder.db])
        #expect(runs.stdout.contains("  running  "), "\(runs.stdout)")

        try recorder.finish()
        store.close()
        #expect(folder.listing == ["runs.db"], "the writer's last close takes its -wal and -shm with it")
        let ended = try Self.viewer(["events", folder.db, "--run", "\(recorder.run)"])
        #expect(ended.stdout.split(separator: "\n").count == 4 && ended.stdout.contains("\"runEnded\""))
        #expect(folder.listing == ["runs.db"])
    }

    /// A viewer that opened the file with no writer there (immutable) sees a writer that comes later: its runs, its
    /// events as they commit, and how it ended after it went away.
    @Test func aViewerOpenedBeforeAWriterSeesItsRuns() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        let first = try RunStore.open(path: path)
        try first.startRun(RunStarted(environment: "e", model: "m", method: "greedy", seed: 1)).finish()
        first.close()
        let viewer = try RunStore.open(path: path, mode: .readOnly)
        #expect(try viewer.runs().map(\.id) == [1])
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "read as immutable, nothing beside the file")

        let writer = try RunStore.open(path: path)
        let recorder = try writer.startRun(RunStarted(environment: "e", model: "m", method: "greedy", seed: 2))
        recorder.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t/0", task: "live")))
        try recorder.flush()
        #expect(try viewer.runs().map(\.status) == [.finished, .running])
        #expect(try viewer.events(run: recorder.run, from: 1, limit: 10).map(\.seq) == [1, 2])
        try recorder.finish()
        writer.close()
        #expect(try viewer.runs().map(\.status) == [.finished, .finished])
        viewer.close()

        let later = try RunStore.open(path: path, mode: .readOnly)
        #expect(try later.runs().map(\.status) == [.finished, .finished])
        later.close()
    }
}
