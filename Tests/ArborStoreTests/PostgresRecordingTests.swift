import ArborBenchmarks
import ArborCore
import ArborStore
import ArborStorePostgres
import ArborTesting
import Foundation
import Testing

/// Recording into PostgreSQL: `arbor run --db postgresql://…` and the writer underneath it, held to what the same
/// recording into an SQLite file gives. One server for the suite; a database of its own for each test.
@Suite("Recording into PostgreSQL", .serialized, .postgresServer) struct PostgresRecordingTests {
    func server() throws -> TestPostgres { try #require(TestPostgres.current) }

    /// `arbor events` output with the wall-clock figures (event times, call latencies, backtracking times) blanked:
    /// what two recordings of one seeded run share.
    static func timeless(_ text: String) -> String {
        text.replacingOccurrences(of: #""time":[0-9.e+-]+"#, with: "\"time\":_", options: .regularExpression)
            .replacingOccurrences(
                of: #""(latencyMs|durationMs)":[0-9.e+-]+"#, with: "\"$1\":_", options: .regularExpression)
    }

    @Test("the same seeded offline run recorded into a file and into PostgreSQL prints the same events")
    func seededRunOnBothBackends() throws {
        let folder = try TemporaryFolder()
        let file = folder.file("runs.db")
        let url = try server().createDatabase()
        let arguments = [
            "--tasks", "2", "--method", "rmcts", "--iterations", "4", "--samples", "5", "--value-samples", "2",
            "--max-steps", "5",
        ]
        let intoFile = try runArbor(["run", "--db", file] + arguments)
        #expect(intoFile.status == 0, "\(intoFile.stderr)")
        let intoServer = try runArbor(["run", "--db", url] + arguments)
        #expect(intoServer.status == 0, "\(intoServer.stderr)")
        #expect(intoServer.stdout.hasPrefix("run 1 · rmcts on miniweb (test, 2 tasks) · agent offline · seed 7 → "))
        #expect(intoServer.stdout.contains("→ postgresql://postgres@/"))

        let fromFile = try runArbor(["events", file, "--run", "1"])
        let fromServer = try runArbor(["events", url, "--run", "1"])
        #expect(fromServer.status == 0, "\(fromServer.stderr)")
        #expect(fromFile.stdout.split(separator: "\n").count > 100)
        #expect(Self.timeless(fromServer.stdout) == Self.timeless(fromFile.stdout))

        // The derived tables agree too: the summary, the episodes, the calls, the lessons.
        let store = try RunStores.open(url, mode: .readOnly)
        let reference = try RunStore.open(path: file, mode: .readOnly)
        defer {
            store.close()
            reference.close()
        }
        let summary = try store.run(1)
        #expect(summary.status == .finished)
        #expect(summary.episodes == 2)
        #expect(summary.endedEpisodes == 2)
        #expect(summary.successes == (try reference.run(1)).successes)
        #expect(try store.callTotals(run: 1).map(\.calls) == reference.callTotals(run: 1).map(\.calls))
        #expect(try store.callTotals(run: 1).map(\.tokensIn) == reference.callTotals(run: 1).map(\.tokensIn))
        #expect(try store.reflections(kind: nil, from: .all, environment: "") == reference.reflections())
        #expect(try !store.reflections(kind: nil, from: .all, environment: "").isEmpty)
    }

    @Test("events written through both writers on one clock are byte for byte the same in both stores")
    func writersAgreeExactly() throws {
        let folder = try TemporaryFolder()
        let file = folder.file("runs.db")
        let url = try server().createDatabase()
        let images = [Blob(image: EncodedImage(format: .png, bytes: [0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 0xFF]))]
        let stores: [any RunStorage] = [
            try RunStore.open(path: file, clock: TickingClock().now),
            try PostgresRunStore.open(PostgresLocation(url: url), clock: TickingClock().now),
        ]
        for store in stores {
            let recorder = try store.startRun(SyntheticSearch.runStarted(seed: 3), blobs: [])
            appendSynthetic(to: recorder, count: 1_500, seed: 3)
            for event in everyKindOfEvent() { recorder.append(event, blobs: images) }
            recorder.append(.backedUp(BackedUp(episode: 0, path: [0], value: .nan)), blobs: [])
            try recorder.finish(status: .failed)
            store.close()
        }
        let onFile = try runArbor(["events", file, "--run", "1"])
        let onServer = try runArbor(["events", url, "--run", "1"])
        #expect(onServer.status == 0, "\(onServer.stderr)")
        #expect(onFile.stdout.split(separator: "\n").count == 1 + 1_500 + everyKindOfEvent().count + 2)
        #expect(onServer.stdout == onFile.stdout)
        #expect(onServer.stdout.contains("\"message\":\"a backedUp event held a number that is not finite"))

        let server = try RunStores.open(url, mode: .readOnly)
        let reference = try RunStores.open(file, mode: .readOnly)
        defer {
            server.close()
            reference.close()
        }
        let copied = try server.rows(of: 1)
        let original = try reference.rows(of: 1)
        // Every table the log derives, and the blobs and images; the run rows differ only in the writer's heartbeat.
        #expect(copied.tables == original.tables)
        #expect(copied.blobs == original.blobs)
        #expect(copied.images == original.images)
        let image = try #require(images.first)
        #expect(
            try server.image(image.ref) == EncodedImage(format: .png, bytes: [0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 0xFF]))
        #expect(try server.run(1).status == .failed)
        #expect(try server.run(1).lastSeq == reference.run(1).lastSeq)
    }

    @Test("a reader on another connection sees a run as soon as it starts, and each batch once committed")
    func readersSeeCommittedBatches() throws {
        let url = try server().createDatabase()
        let store = try RunStores.open(url)
        defer { store.close() }
        let recorder = try store.startRun(SyntheticSearch.runStarted(seed: 5), blobs: [])
        let reader = try RunStores.open(url, mode: .readOnly)
        defer { reader.close() }
        #expect(try reader.run(recorder.run).status == .running)
        #expect(try reader.storedEvents(run: recorder.run, from: 1, limit: 10).map(\.seq) == [1])
        appendSynthetic(to: recorder, count: 40, seed: 5)
        try recorder.flush()
        #expect(try reader.storedEvents(run: recorder.run, from: 1, limit: 100).count == 41)
        #expect(try reader.run(recorder.run).lastSeq == 41)
        #expect(try reader.run(recorder.run).writerGone == false)
        try recorder.finish()
        #expect(try reader.run(recorder.run).status == .finished)
        #expect(throws: StoreError.readOnly(path: reader.location)) {
            _ = try reader.startRun(SyntheticSearch.runStarted(seed: 5), blobs: [])
        }
    }

    @Test("events --follow on a URL follows a run another process is writing, to its end")
    func followOnAURL() throws {
        let url = try server().createDatabase()
        let writer = Process()
        writer.executableURL = try arborExecutable()
        writer.arguments = ["_store-writer", url, "--events", "3000", "--seed", "4"]
        writer.standardOutput = FileHandle.nullDevice
        try writer.run()
        defer { writer.waitUntilExit() }
        // The follower starts before the run exists or while it is written; it waits for its first event either way.
        var started = false
        let deadline = Date().addingTimeInterval(30)
        while !started, Date() < deadline {
            started = (try? RunStores.open(url, mode: .readOnly).runs().isEmpty == false) ?? false
            if !started { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(started)
        let followed = try runArbor(["events", url, "--run", "1", "--follow"])
        #expect(followed.status == 0, "\(followed.stderr)")
        let lines = followed.stdout.split(separator: "\n")
        #expect(lines.count == 3_001)
        #expect(lines.last?.contains("\"kind\":\"runEnded\"") == true)
        #expect(followed.stdout == (try runArbor(["events", url, "--run", "1"])).stdout)
    }

    @Test("bench store on a URL prints the writer beside COPY and the follower's latency, and leaves no runs behind")
    func benchOnAURL() throws {
        let url = try server().createDatabase()
        let result = try runArbor(["bench", "store", "--db", url, "--events", "1000", "--tail-events", "100"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "events: 1000, into PostgreSQL")
        #expect(lines[1].hasPrefix("COPY (same rows, same client, one transaction): "))
        #expect(lines[1].hasSuffix("events/s   reference"))
        #expect(lines[2].hasPrefix("arbor writer (append -> committed): "))
        #expect(lines[2].contains("% of COPY (target >= 60%)"))
        #expect(lines[3].hasPrefix("follow by LISTEN/NOTIFY (append -> delivered on another connection): p50 "))
        #expect(lines[3].contains(", 102 events   target p50 <= 100 ms: "))
        let store = try RunStores.open(url, mode: .readOnly)
        defer { store.close() }
        #expect(try store.runs().isEmpty)

        let file = try runArbor(["bench", "store", "--db", "runs.db"])
        #expect(file.status == 2)
        #expect(
            file.stderr == "arbor: --db takes a postgresql:// URL; the SQLite measurement uses scratch files in --dir\n"
        )
    }
}
