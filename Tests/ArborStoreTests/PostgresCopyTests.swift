import ArborCore
import ArborStore
import ArborStorePostgres
import ArborTesting
import Foundation
import Testing

/// `arbor copy` between an SQLite file and a real PostgreSQL server, both ways, and the commands that read a store
/// by its URL. One server for the suite; a database of its own for each test.
@Suite("PostgreSQL store", .serialized, .postgresServer) struct PostgresCopyTests {
    func server() throws -> TestPostgres { try #require(TestPostgres.current) }

    /// A MiniWeb run of R-MCTS with the offline agent (run 1), two tasks so that it learns lessons, and an annotation.
    func recordRun(_ path: String) throws {
        let arguments = [
            "--tasks", "2", "--method", "rmcts", "--iterations", "4", "--samples", "5", "--value-samples", "2",
            "--max-steps", "5",
        ]
        let run = try runArbor(["run", "--db", path] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let note = try runArbor(["annotate", path, "--run", "1", "--episode", "1", "--label", "good", "--author", "t"])
        #expect(note.status == 0, "\(note.stderr)")
    }

    @Test("a run copied to PostgreSQL and back prints the same events, byte for byte")
    func copyBothWays() throws {
        let folder = try TemporaryFolder()
        let first = folder.file("first.db")
        let back = folder.file("back.db")
        try recordRun(first)
        let url = try server().createDatabase()

        let there = try runArbor(["copy", first, url])
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.stdout.hasPrefix("run 1 of \(first) -> run 1 of postgresql://postgres@/"))
        let again = try runArbor(["copy", first, url, "--run", "1"])
        #expect(again.stdout.contains("-> run 2 of postgresql://"))
        // The second copy's lessons are the first's (same ids), kept once, under run 1: run 1 goes back whole.
        let home = try runArbor(["copy", url, back, "--run", "1"])
        #expect(home.status == 0, "\(home.stderr)")
        #expect(home.stdout.hasSuffix("-> run 1 of \(back)\n"))

        let original = try runArbor(["events", first, "--run", "1"])
        #expect(original.status == 0)
        #expect(original.stdout.split(separator: "\n").count > 50)
        #expect(try runArbor(["events", url, "--run", "1"]).stdout == original.stdout)
        #expect(try runArbor(["events", url, "--run", "2"]).stdout == original.stdout)
        #expect(try runArbor(["events", back, "--run", "1"]).stdout == original.stdout)

        // The summary, the annotation, the blobs and the lessons came along.
        // Run 1 on the server is the first copy of run 1 of the file.
        #expect(
            try runArbor(["runs", url, "--json"]).stdout.split(separator: "\n").first
                == (try runArbor(["runs", first, "--json"]).stdout.split(separator: "\n").first))
        // The reading commands print the same from the server as from the file.
        for command in [
            ["calls", "--run", "1"], ["annotations", "--run", "1", "--json"],
            ["export", "--run", "1", "--format", "trajectories"],
        ] {
            let fromFile = try runArbor([command[0], first] + command.dropFirst())
            #expect(fromFile.status == 0, "\(command): \(fromFile.stderr)")
            #expect(!fromFile.stdout.isEmpty)
            #expect(try runArbor([command[0], url] + command.dropFirst()).stdout == fromFile.stdout, "\(command)")
        }
        let copied = try RunStore.open(path: back, mode: .readOnly)
        let source = try RunStore.open(path: first, mode: .readOnly)
        defer {
            copied.close()
            source.close()
        }
        #expect(try copied.annotations(run: 1).map(\.label) == ["good"])
        #expect(try copied.rows(of: 1) == source.rows(of: 1))
        #expect(try copied.reflections() == source.reflections())
    }

    @Test("both backends read the same run the same way", arguments: ["sqlite", "postgresql"])
    func backendsAgree(backend: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        try recordRun(path)
        var location = path
        if backend == "postgresql" {
            location = try server().createDatabase()
            #expect(try runArbor(["copy", path, location]).status == 0)
        }
        let store = try RunStores.open(location, mode: .readOnly)
        defer { store.close() }
        let reference = try RunStore.open(path: path, mode: .readOnly)
        defer { reference.close() }
        #expect(try store.runs().map(\.episodes) == [2])
        #expect(
            try store.storedEvents(run: 1, from: 1, limit: 100_000) == reference.storedEvents(run: 1, limit: 100_000))
        let observation = try #require(
            try reference.log(run: 1).lazy.compactMap { record -> BlobRef? in
                if case .observed(let observed) = record.event { return observed.observation }
                return nil
            }.first)
        #expect(try store.blob(observation) == reference.blob(observation))
        #expect(try store.rows(of: 1) == reference.rows(of: 1))
        #expect(throws: StoreError.unknownRun(9)) { try store.run(9) }
        #expect(
            try store.annotations(run: 1, episode: 0, history: true)
                == reference.annotations(run: 1, episode: 0, history: true))
        #expect(try store.callTotals(run: 1) == reference.callTotals(run: 1))
        #expect(try !store.callTotals(run: 1).isEmpty)
        let lessons = try reference.reflections(kind: .policy, from: .runs([1]), environment: "")
        #expect(try store.reflections(kind: .policy, from: .runs([1]), environment: "") == lessons)
        #expect(try store.reflections(kind: nil, from: .none, environment: "").isEmpty)
        let lesson = try #require(lessons.first)
        #expect(try store.reflection(id: lesson.id)?.reflection == lesson)
        #expect(try store.reflection(id: lesson.id)?.run == 1)
    }

    @Test("an unreachable server and a missing database are one clear line each")
    func unreachable() throws {
        let folder = try TemporaryFolder()
        let nowhere = try runArbor(["runs", "postgresql://postgres:secret@/x?host=\(folder.path)"])
        #expect(nowhere.status == 1)
        #expect(
            nowhere.stderr.hasPrefix(
                "arbor: PostgreSQL at postgresql://postgres@/x?host=\(folder.path)&port=5432 failed: "))
        #expect(!nowhere.stderr.contains("secret"))
        #expect(nowhere.stderr.split(separator: "\n").count == 1)
        let missing = try runArbor(["runs", try server().url(database: "nothing_here")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("database \"nothing_here\" does not exist"))
        let empty = try runArbor(["runs", try server().createDatabase()])
        #expect(empty.stderr.contains("the database holds no Arbor store yet"))
    }

    @Test("annotate on a URL writes and edits as on a file, and refuses the same targets")
    func annotateOnTheServer() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        try recordRun(path)
        let url = try server().createDatabase()
        #expect(try runArbor(["copy", path, url]).status == 0)
        for store in [path, url] {
            let node = try runArbor([
                "annotate", store, "--run", "1", "--episode", "1", "--node", "2", "--path", "--label", "bad",
                "--note", " wrong turn ", "--author", "ana", "--json",
            ])
            #expect(node.status == 0, "\(node.stderr)")
            let edit = try runArbor(["annotate", store, "--edit", "2", "--label", "good", "--author", "bo"])
            #expect(edit.status == 0, "\(edit.stderr)")
            let again = try runArbor(["annotate", store, "--edit", "2", "--label", "ok", "--author", "bo"])
            #expect(again.status == 2)
            #expect(again.stderr.contains("annotation 2 was already edited"))
            let far = try runArbor([
                "annotate", store, "--run", "1", "--episode", "1", "--node", "9999", "--label", "x",
            ])
            #expect(far.status == 2)
            #expect(far.stderr.contains("node 9999"))
        }
        // The same annotations, ids, paths and texts on both sides (times differ: they were made a moment apart).
        func lines(_ store: String) throws -> [String] {
            try runArbor(["annotations", store, "--run", "1", "--history"]).stdout.split(separator: "\n").map {
                $0.replacingOccurrences(
                    of: #" at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d"#, with: "", options: .regularExpression)
            }
        }
        #expect(try lines(url) == lines(path))
        #expect(try lines(url).count == 3)
        #expect(try runArbor(["annotate", folder.file("none.db"), "--run", "1", "--label", "x"]).status == 1)
    }

    @Test("a run with screenshots keeps them through a copy to PostgreSQL and back")
    func copyKeepsScreenshots() throws {
        let folder = try TemporaryFolder()
        let first = folder.file("shots.db")
        let back = folder.file("back.db")
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures")
            .standardized
        let shot = fixtures.appendingPathComponent("screenshot.png").path
        let environment = "exec:python3 \(fixtures.appendingPathComponent("image_env.py").path) \(shot)"
        let run = try runArbor([
            "run", "--db", first, "--env", environment, "--tasks", "1", "--method", "mcts", "--iterations", "2",
            "--samples", "2", "--max-steps", "2",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let url = try server().createDatabase()
        #expect(try runArbor(["copy", first, url]).status == 0)
        #expect(try runArbor(["copy", url, back]).status == 0)

        let png = [UInt8](try Data(contentsOf: URL(fileURLWithPath: shot)))
        let ref = Blob(image: try #require(EncodedImage(bytes: png))).ref
        let source = try RunStore.open(path: first, mode: .readOnly)
        let copied = try RunStore.open(path: back, mode: .readOnly)
        let server = try RunStores.open(url, existing: true)
        defer {
            source.close()
            copied.close()
            server.close()
        }
        #expect(try source.image(ref)?.bytes == png)
        #expect(try server.image(ref)?.bytes == png)
        #expect(try copied.image(ref)?.bytes == png)
        #expect(try copied.rows(of: 1) == source.rows(of: 1))
        #expect(try source.rows(of: 1).images.count == 1)
        #expect(
            try runArbor(["events", back, "--run", "1"]).stdout == runArbor(["events", first, "--run", "1"]).stdout)
    }

    @Test("diff, fork and ctl work on a URL as on a file")
    func viewsAndControlOnAURL() throws {
        let folder = try TemporaryFolder()
        let file = folder.file("runs.db")
        try recordRun(file)
        let url = try server().createDatabase()
        #expect(try runArbor(["copy", file, url]).status == 0)

        let onFiles = try runArbor(["diff", "\(file):1", "\(file):1"])
        let onServer = try runArbor(["diff", "\(url):1", "\(file):1"])
        #expect(onServer.status == 0, "\(onServer.stderr)")
        #expect(
            onServer.stdout.split(separator: "\n").dropFirst(2) == onFiles.stdout.split(separator: "\n").dropFirst(2))

        // A fork of a run on the server, recorded on the server and into a file.
        let fork = ["fork", url, "--run", "1", "--node", "2", "--iterations", "2"]
        let there = try runArbor(fork)
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.stdout.hasPrefix("run 2 · fork of 1/1/#2"))
        let intoFile = try runArbor(fork + ["--db", folder.file("forks.db")])
        #expect(intoFile.status == 0, "\(intoFile.stderr)")
        #expect(intoFile.stdout.hasPrefix("run 1 · fork of 1/1/#2"))
        let runs = try runArbor(["runs", url]).stdout.split(separator: "\n")
        #expect(runs.count == 3)
        #expect(runs.last?.hasSuffix("finished         1     0.0%  fork of 1/1/#2") == true, "\(runs)")

        // ctl queues through the server's commands table; a finished run refuses at once.
        let ctl = try runArbor(["ctl", url, "--run", "1", "pause"])
        #expect(ctl.status == 1)
        #expect(ctl.stdout == "{\"id\":1,\"outcome\":\"refused: run 1 has ended (finished)\"}\n")
    }

    @Test("replay and watch name a missing database on a URL in one line")
    func missingDatabaseOnAURL() throws {
        let url = try server().url(database: "nothing_here")
        for command in [["replay", url], ["watch", url]] {
            let result = try runArbor(command)
            #expect(result.status != 0)
            #expect(result.stderr.hasPrefix("arbor: PostgreSQL at postgresql://postgres@/nothing_here?host="))
            #expect(result.stderr.contains("database \"nothing_here\" does not exist"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }
}
