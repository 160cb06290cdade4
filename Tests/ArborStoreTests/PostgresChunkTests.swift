import ArborCore
import ArborStore
import ArborTesting
import Foundation
import Testing

@testable import ArborStorePostgres

/// Long texts on PostgreSQL (schema 4): cut into the same chunks as in a file, stored once, copied both ways byte for
/// byte; a database an earlier build made is read as it is and upgraded by the next writer.
@Suite("PostgreSQL long texts", .serialized, .postgresServer) struct PostgresChunkTests {
    func server() throws -> TestPostgres { try #require(TestPostgres.current) }

    /// A run whose observations are `texts`, recorded into a new file at `path`.
    static func record(_ texts: [String], at path: String) throws {
        let store = try RunStore.open(path: path)
        defer { store.close() }
        let recorder = try store.startRun(RunStarted(environment: "e", model: "m", method: "greedy", seed: 0))
        for (index, text) in texts.enumerated() {
            recorder.append(
                .observed(
                    Observed(
                        episode: 0, node: NodeID(index), observation: Blob(text).ref, reward: 0, terminal: false,
                        success: nil)),
                blobs: [Blob(text)])
        }
        try recorder.finish()
    }

    @Test("long texts go to the server and back byte for byte, each chunk stored once there")
    func longTextsCopiedBothWays() throws {
        let folder = try TemporaryFolder()
        let first = folder.file("first.db")
        let back = folder.file("back.db")
        let page = ChunkedTextTests.longText(bytes: 1_000_000, seed: 5)
        let texts = [
            page, "prompt\n" + page + "\nend", "\u{0}" + page, ChunkedTextTests.longText(bytes: 30_000, seed: 6),
            "short \u{0} text",
        ]
        try Self.record(texts, at: first)
        let url = try server().createDatabase()
        #expect(try runArbor(["copy", first, url]).status == 0)
        #expect(try runArbor(["copy", first, url]).status == 0, "a second copy finds every text there")
        let home = try runArbor(["copy", url, back, "--run", "2"])
        #expect(home.status == 0, "\(home.stderr)")

        let server = try PostgresRunStore.open(try PostgresLocation(url: url), mode: .readOnly)
        defer { server.close() }
        let source = try RunStore.open(path: first, mode: .readOnly)
        let copied = try RunStore.open(path: back, mode: .readOnly)
        defer {
            source.close()
            copied.close()
        }
        for text in texts {
            #expect(try server.blob(Blob(text).ref).map { Array($0.utf8) } == Array(text.utf8))
        }
        #expect(try server.rows(of: 2) == source.rows(of: 1))
        #expect(try copied.rows(of: 1) == source.rows(of: 1))
        #expect(
            try runArbor(["events", back, "--run", "1"]).stdout == runArbor(["events", first, "--run", "1"]).stdout)

        var expected: [String: Int] = [:]
        for text in texts where text.utf8.count >= TextChunks.threshold {
            for chunk in ChunkedTextTests.cut(text) { expected[chunk.hash] = chunk.range.count }
        }
        let facts = try #require(
            try server.query(
                """
                SELECT (SELECT COUNT(*) FROM chunks) AS chunks, (SELECT SUM(LENGTH(bytes)) FROM chunks) AS bytes,
                (SELECT COUNT(*) FROM blobs WHERE chunks IS NOT NULL AND LENGTH(text) = 0) AS listed
                """
            ).first)
        #expect(facts["chunks"]?.integer == Int64(expected.count))
        #expect(facts["bytes"]?.integer == Int64(expected.values.reduce(0, +)))
        #expect(facts["listed"]?.integer == 4)
    }

    @Test("a database an earlier build made is read as it is, and the next writer adds the chunk tables")
    func schemaThreeDatabase() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        let short = "a page \u{0} of a few bytes"
        try Self.record([short], at: path)
        let url = try server().createDatabase()
        #expect(try runArbor(["copy", path, url]).status == 0)
        // What a schema-3 build left: no chunks, no list column, schema 3.
        do {
            let store = try PostgresRunStore.open(try PostgresLocation(url: url))
            defer { store.close() }
            _ = try store.query("ALTER TABLE blobs DROP COLUMN chunks")
            _ = try store.query("DROP TABLE chunks")
            _ = try store.query("UPDATE arbor_meta SET value = '3' WHERE key = 'schema'")
        }
        let viewer = try PostgresRunStore.open(try PostgresLocation(url: url), mode: .readOnly)
        #expect(try viewer.blob(Blob(short).ref) == short)
        #expect(try viewer.query("SELECT value FROM arbor_meta WHERE key = 'schema'").first?["value"] == .text("3"))
        viewer.close()

        let long = ChunkedTextTests.longText(bytes: 40_000, seed: 7)
        let second = folder.file("second.db")
        try Self.record([long], at: second)
        #expect(try runArbor(["copy", second, url]).status == 0)
        let writer = try PostgresRunStore.open(try PostgresLocation(url: url), mode: .readOnly)
        defer { writer.close() }
        #expect(try writer.query("SELECT value FROM arbor_meta WHERE key = 'schema'").first?["value"] == .text("4"))
        #expect(try writer.blob(Blob(short).ref) == short)
        #expect(try writer.blob(Blob(long).ref) == long)
        #expect(try writer.query("SELECT COUNT(*) AS n FROM chunks").first?["n"]?.integer ?? 0 > 0)
    }

    @Test("the writer stores a 1 MiB page shown by 100 events once, in the same chunks as a file, same events")
    func writerStoresLongTextsOnce() throws {
        let folder = try TemporaryFolder()
        let file = folder.file("runs.db")
        let url = try server().createDatabase()
        let page = ChunkedTextTests.longText(bytes: 1 << 20, seed: 8)
        let prompt = "prompt\n" + page + "\nend"
        let short = "a short \t text \\ with \r\n escapes"
        // Hashed once: a debug build hashes a megabyte slowly.
        let blobs = (page: Blob(page), prompt: Blob(prompt), short: Blob(short))
        let stores: [any RunStorage] = [
            try RunStore.open(path: file, clock: TickingClock().now),
            try PostgresRunStore.open(PostgresLocation(url: url), clock: TickingClock().now),
        ]
        for store in stores {
            let recorder = try store.startRun(
                RunStarted(environment: "e", model: "m", method: "greedy", seed: 0), blobs: [])
            for node in 0..<100 {
                let blob = node % 10 == 9 ? blobs.prompt : blobs.page
                recorder.append(
                    .observed(
                        Observed(
                            episode: 0, node: NodeID(node), observation: blob.ref, reward: 0, terminal: false,
                            success: nil)),
                    blobs: [blob, blobs.short])
            }
            try recorder.finish()
            store.close()
        }
        let onFile = try runArbor(["events", file, "--run", "1"])
        let onServer = try runArbor(["events", url, "--run", "1"])
        #expect(onServer.status == 0, "\(onServer.stderr)")
        #expect(onFile.stdout.split(separator: "\n").count == 102)
        #expect(onServer.stdout == onFile.stdout)

        let server = try PostgresRunStore.open(try PostgresLocation(url: url), mode: .readOnly)
        let reference = try RunStore.open(path: file, mode: .readOnly)
        defer {
            server.close()
            reference.close()
        }
        #expect(try server.blob(blobs.page.ref).map { Array($0.utf8) } == Array(page.utf8))
        #expect(try server.blob(blobs.prompt.ref).map { Array($0.utf8) } == Array(prompt.utf8))
        #expect(try server.blob(blobs.short.ref) == short)
        #expect(try server.rows(of: 1).blobs == reference.rows(of: 1).blobs)
        var expected: [String: Int] = [:]
        for text in [page, prompt] {
            for chunk in ChunkedTextTests.cut(text) { expected[chunk.hash] = chunk.range.count }
        }
        let facts = try #require(
            try server.query(
                """
                SELECT (SELECT COUNT(*) FROM chunks) AS chunks, (SELECT SUM(LENGTH(bytes)) FROM chunks) AS bytes,
                (SELECT COUNT(*) FROM blobs WHERE chunks IS NOT NULL AND LENGTH(text) = 0) AS listed,
                (SELECT SUM(LENGTH(text)) FROM blobs) AS whole
                """
            ).first)
        // The page's bytes once (and the prompt's few chunks at its edges), not 100 times.
        #expect(facts["chunks"]?.integer == Int64(expected.count))
        #expect(facts["bytes"]?.integer == Int64(expected.values.reduce(0, +)))
        #expect(try #require(facts["bytes"]?.integer) < Int64(page.utf8.count + 2 * 64 * 1024))
        #expect(facts["listed"]?.integer == 2)
        #expect(facts["whole"]?.integer == Int64(short.utf8.count))
    }
}
