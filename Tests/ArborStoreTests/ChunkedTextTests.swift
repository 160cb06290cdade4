import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

/// Long texts are cut into chunks stored once (schema 4), in a file and on a server alike: the page every prompt
/// repeats is stored once, every text reads back byte for byte, and a store an earlier build wrote reads as it did.
@Suite("Long texts stored once", .postgresServer) struct ChunkedTextTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures").standardized

    /// A text of at least `bytes` bytes drawn with a seeded generator from every scalar U+0000–U+00FF, NULs, line ends
    /// and two-, three- and four-byte characters, so that cuts fall inside characters.
    static func longText(bytes: Int, seed: UInt64) -> String {
        var generator = SplitMix64(seed: seed)
        let pieces =
            (0...255).map { String(Character(Unicode.Scalar(UInt8($0)))) } + [
                "é", "中", "✓", "😀", "\u{0}\u{0}", "\r\n", "[12] link 'Next page'\n",
            ]
        var text = ""
        while text.utf8.count < bytes { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
        return text
    }

    /// `text` cut as the store cuts it.
    static func cut(_ text: String) -> [(hash: String, range: Range<Int>)] {
        var text = text
        return text.withUTF8 { TextChunks($0).chunks }
    }

    @Test("a page cut alone and the same page inside prompts share every chunk but those at its edges")
    func cutsFollowTheContent() throws {
        let page = Self.longText(bytes: 400_000, seed: 1)
        let alone = Self.cut(page)
        #expect(alone.first?.range.lowerBound == 0)
        #expect(alone.last?.range.upperBound == page.utf8.count)
        #expect(zip(alone, alone.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound })
        #expect(alone.dropLast().allSatisfy { (TextChunks.minimum...TextChunks.maximum).contains($0.range.count) })
        #expect(alone.count > 20, "about 10 KiB a chunk")
        #expect(Self.cut(page).map(\.hash) == alone.map(\.hash), "the same text is cut the same way")

        for prefix in ["Policy.\n", String(repeating: "The task, the rules, the lessons. ", count: 300)] {
            let prompt = prefix + "OBSERVATION:\n" + page + "\nWhat do you do next?"
            let inPrompt = Set(Self.cut(prompt).map(\.hash))
            let shared = alone.map { inPrompt.contains($0.hash) }
            #expect(shared.dropFirst().dropLast().allSatisfy { $0 }, "\(prefix.count): \(shared)")
        }
    }

    /// What a store holds of its texts: how many are listed as chunks (with their own text emptied), how many are
    /// whole, and the chunks' count and bytes.
    static func chunkFacts(_ tables: RawTables) throws -> (
        listed: Int64?, emptied: Int64?, whole: Int64?, chunks: Int64?, bytes: Int64?
    ) {
        (
            listed: try tables.integer("SELECT COUNT(*) FROM blobs WHERE chunks IS NOT NULL"),
            emptied: try tables.integer(
                "SELECT COUNT(*) FROM blobs WHERE chunks IS NOT NULL AND LENGTH(\(tables.textBytes)) = 0"),
            whole: try tables.integer("SELECT COUNT(*) FROM blobs WHERE chunks IS NULL"),
            chunks: try tables.integer("SELECT COUNT(*) FROM chunks"),
            bytes: try tables.integer("SELECT SUM(LENGTH(bytes)) FROM chunks")
        )
    }

    /// Each chunk of `texts`' long ones, once, with its size.
    static func expectedChunks(_ texts: [String]) -> [String: Int] {
        var expected: [String: Int] = [:]
        for text in texts where text.utf8.count >= TextChunks.threshold {
            for chunk in cut(text) { expected[chunk.hash] = chunk.range.count }
        }
        return expected
    }

    @Test(
        "long texts with every byte value and NULs read back byte for byte; each chunk is stored once",
        arguments: StoreBackend.allCases)
    func longTextsRoundTrip(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let (store, location) = try backend.newStore(in: folder)
        defer { store.close() }
        let page = Self.longText(bytes: 1_000_000, seed: 3)
        let texts = [
            Self.longText(bytes: 40_000, seed: 2), page, "\u{0}" + page + "\u{0}", "prompt\n" + page + "\nend",
            String(repeating: "\u{0}", count: 70_000), String(repeating: "a", count: TextChunks.threshold - 1),
            String(repeating: "b", count: TextChunks.threshold), "short \u{0} text",
        ]
        let recorder = try store.startRun(
            RunStarted(environment: "e", model: "m", method: "greedy", seed: 0), blobs: [])
        for (index, text) in texts.enumerated() {
            let blob = Blob(text)
            recorder.append(
                .observed(
                    Observed(
                        episode: 0, node: NodeID(index), observation: blob.ref, reward: 0, terminal: false,
                        success: nil)),
                blobs: [blob, blob])
        }
        try recorder.finish()
        for text in texts {
            let read = try #require(try store.blob(Blob(text).ref))
            #expect(Array(read.utf8) == Array(text.utf8), "a text of \(text.utf8.count) bytes")
        }

        let long = texts.filter { $0.utf8.count >= TextChunks.threshold }
        let expected = Self.expectedChunks(texts)
        let tables = RawTables(backend: backend, location: location)
        let facts = try Self.chunkFacts(tables)
        #expect(facts.listed == Int64(long.count))
        #expect(facts.emptied == Int64(long.count))
        #expect(facts.whole == Int64(texts.count - long.count))
        #expect(facts.chunks == Int64(expected.count))
        #expect(facts.bytes == Int64(expected.values.reduce(0, +)))
        // The page's bytes once, though three texts hold it: far less than the texts' own sum.
        #expect(try #require(facts.bytes) < Int64(page.utf8.count + 300_000))

        // A chunk the store lacks is damage, said so; never a shortened text.
        let missing = try #require(Self.cut(page).dropFirst().first?.hash)
        try tables.execute("DELETE FROM chunks WHERE hash = ?", [missing])
        let lists = "text \(Blob(page).ref.rawValue.prefix(12)) lists chunk \(missing.prefix(12))"
        // What to do differs: a damaged file is restored from a copy, a server's run copied again (docs/scale.md).
        let damage: StoreError =
            switch backend {
            case .sqlite: .corrupt(path: location, reason: lists + ", which is missing")
            case .postgresql:
                .server(
                    location: store.location,
                    message: lists + ", which the database lacks; copy the run again from its source")
            }
        #expect(throws: damage) { try store.blob(Blob(page).ref) }
    }

    /// A store as the build before schema 4 left it, holding Tests/Fixtures/schema3.db's run: a greedy run on
    /// big_page_env.py's 20,000-byte pages, whose long texts are whole. The file is the fixture itself; on a server,
    /// the run is copied in and its cut texts joined back, the chunk tables dropped and the schema stamped 3, as an
    /// earlier build's database was.
    static func schemaThreeStore(_ backend: StoreBackend, in folder: TemporaryFolder) throws -> String {
        let fixture = fixtures.appendingPathComponent("schema3.db").path
        switch backend {
        case .sqlite:
            let path = folder.file("old.db")
            try FileManager.default.copyItem(atPath: fixture, toPath: path)
            return path
        case .postgresql:
            let url = try backend.newLocation(in: folder)
            let copy = try runArbor(["copy", fixture, url])
            #expect(copy.status == 0, "\(copy.stderr)")
            let tables = RawTables(backend: backend, location: url)
            try tables.execute(
                """
                UPDATE blobs SET text = (SELECT string_agg(c.bytes, ''::bytea ORDER BY j.n)
                FROM jsonb_array_elements_text(blobs.chunks::jsonb) WITH ORDINALITY AS j (hash, n)
                JOIN chunks AS c ON c.hash = j.hash) WHERE chunks IS NOT NULL
                """)
            try tables.execute("ALTER TABLE blobs DROP COLUMN chunks")
            try tables.execute("DROP TABLE chunks")
            try tables.execute("UPDATE arbor_meta SET value = '3' WHERE key = 'schema'")
            return url
        }
    }

    @Test(
        "a schema-3 store is read as it is, and after a writer migrates it its texts read the same",
        arguments: StoreBackend.allCases)
    func schemaThreeStoreReads(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let location = try Self.schemaThreeStore(backend, in: folder)
        let tables = RawTables(backend: backend, location: location)
        func raw() throws -> (version: Int64?, texts: [String: [UInt8]]) {
            let rows = try tables.rows("SELECT hash, \(tables.textBytes) AS bytes FROM blobs")
            var texts: [String: [UInt8]] = [:]
            for row in rows {
                guard case .text(let hash) = row["hash"], case .bytes(let bytes) = row["bytes"] else {
                    Issue.record("an unexpected row \(row)")
                    continue
                }
                texts[hash] = bytes
            }
            return (try tables.schemaVersion(), texts)
        }
        let before = try raw()
        #expect(before.version == 3)
        #expect(before.texts.values.contains { $0.count >= TextChunks.threshold }, "the fixture holds a long page")
        let viewer = try backend.open(location, mode: .readOnly)
        let hashes = try viewer.storedEvents(run: 1, from: 1, limit: 1000).reduce(into: Set<String>()) {
            $0.formUnion(RunRows.blobHashes(in: $1.payload))
        }
        #expect(hashes.count == before.texts.count)
        for hash in hashes {
            #expect(try viewer.blob(BlobRef(rawValue: hash)).map { Array($0.utf8) } == before.texts[hash])
        }
        viewer.close()
        #expect(try raw().version == 3, "a viewer changes nothing")

        let writer = try backend.open(location)
        for hash in hashes {
            #expect(try writer.blob(BlobRef(rawValue: hash)).map { Array($0.utf8) } == before.texts[hash])
        }
        let page = Self.longText(bytes: 50_000, seed: 4)
        let recorder = try writer.startRun(
            RunStarted(environment: "e", model: "m", method: "greedy", seed: 0), blobs: [])
        recorder.append(
            .observed(
                Observed(
                    episode: 0, node: NodeID(0), observation: Blob(page).ref, reward: 0, terminal: false, success: nil)),
            blobs: [Blob(page)])
        try recorder.finish()
        #expect(try writer.blob(Blob(page).ref) == page)
        writer.close()
        let after = try raw()
        #expect(after.version == Int64(Schema.version))
        for (hash, bytes) in before.texts { #expect(after.texts[hash] == bytes, "a migrated text is left whole") }
        #expect(after.texts[Blob(page).ref.rawValue] == [], "a new long text is cut")
    }

    @Test(
        "the writer stores a 1 MiB page shown by 100 events once, in the chunks a cut makes",
        arguments: StoreBackend.allCases)
    func writerStoresLongTextsOnce(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let location = try backend.newLocation(in: folder)
        let page = Self.longText(bytes: 1 << 20, seed: 8)
        let prompt = "prompt\n" + page + "\nend"
        let short = "a short \t text \\ with \r\n escapes"
        // Hashed once: a debug build hashes a megabyte slowly.
        let blobs = (page: Blob(page), prompt: Blob(prompt), short: Blob(short))
        let store = try backend.open(location, clock: TickingClock().now)
        defer { store.close() }
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
        let events = try runArbor(["events", location, "--run", "1"])
        #expect(events.status == 0, "\(events.stderr)")
        let lines = events.stdout.split(separator: "\n")
        #expect(lines.count == 102)
        #expect(lines.filter { $0.contains(blobs.page.ref.rawValue) }.count == 90)
        #expect(lines.filter { $0.contains(blobs.prompt.ref.rawValue) }.count == 10)

        #expect(try store.blob(blobs.page.ref).map { Array($0.utf8) } == Array(page.utf8))
        #expect(try store.blob(blobs.prompt.ref).map { Array($0.utf8) } == Array(prompt.utf8))
        #expect(try store.blob(blobs.short.ref) == short)
        #expect(
            try store.rows(of: 1).blobs.compactMap { $0.first?.text }.sorted()
                == [blobs.page.ref.rawValue, blobs.prompt.ref.rawValue].sorted(),
            "a run's rows hold the texts its events name")
        let expected = Self.expectedChunks([page, prompt])
        let tables = RawTables(backend: backend, location: location)
        let facts = try Self.chunkFacts(tables)
        // The page's bytes once (and the prompt's few chunks at its edges), not 100 times.
        #expect(facts.chunks == Int64(expected.count))
        #expect(facts.bytes == Int64(expected.values.reduce(0, +)))
        #expect(try #require(facts.bytes) < Int64(page.utf8.count + 2 * 64 * 1024))
        #expect(facts.listed == 2)
        #expect(try tables.integer("SELECT SUM(LENGTH(\(tables.textBytes))) FROM blobs") == Int64(short.utf8.count))
    }

    @Test("long texts go from a file to a server and back byte for byte, each chunk stored once there")
    func longTextsCopiedBothWays() throws {
        let folder = try TemporaryFolder()
        let first = folder.file("first.db")
        let back = folder.file("back.db")
        let page = Self.longText(bytes: 1_000_000, seed: 5)
        let texts = [
            page, "prompt\n" + page + "\nend", "\u{0}" + page, Self.longText(bytes: 30_000, seed: 6),
            "short \u{0} text",
        ]
        do {
            let store = try RunStore.open(path: first)
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
        let url = try StoreBackend.postgresql.newLocation(in: folder)
        #expect(try runArbor(["copy", first, url]).status == 0)
        #expect(try runArbor(["copy", first, url]).status == 0, "a second copy finds every text there")
        let home = try runArbor(["copy", url, back, "--run", "2"])
        #expect(home.status == 0, "\(home.stderr)")

        let server = try StoreBackend.postgresql.open(url, mode: .readOnly)
        let source = try RunStore.open(path: first, mode: .readOnly)
        let copied = try RunStore.open(path: back, mode: .readOnly)
        defer {
            server.close()
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

        let expected = Self.expectedChunks(texts)
        let facts = try Self.chunkFacts(RawTables(backend: .postgresql, location: url))
        #expect(facts.chunks == Int64(expected.count))
        #expect(facts.bytes == Int64(expected.values.reduce(0, +)))
        #expect(facts.listed == 4)
    }
}

extension HeavyStoreTests {
    @Suite("A page every prompt repeats", .postgresServer) struct RepeatedPageTests {
        /// Where `needle` occurs in `haystack`, byte for byte.
        static func contains(_ haystack: String, _ needle: String) -> Bool {
            var haystack = haystack
            var needle = needle
            return haystack.withUTF8 { h in
                needle.withUTF8 { n in
                    guard let first = n.first, n.count <= h.count else { return n.isEmpty }
                    return (0...(h.count - n.count)).contains { start in
                        h[start] == first && memcmp(h.baseAddress! + start, n.baseAddress!, n.count) == 0
                    }
                }
            }
        }

        @Test(
            "an episode on a 1 MB page stores the page's bytes once, however many prompts show it",
            arguments: StoreBackend.allCases)
        func megabytePage(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let location = try backend.newLocation(in: folder)
            let script = ChunkedTextTests.fixtures.appendingPathComponent("big_page_env.py").path
            // In the folder: the environment's log goes beside a file, and into the current folder for a server.
            let run = try runArbor(
                [
                    "run", "--db", location, "--env", "exec:python3 \(script) 1048576", "--tasks", "1", "--method",
                    "rmcts-debate", "--iterations", "2", "--samples", "3", "--value-samples", "1", "--max-steps", "2",
                ], in: URL(fileURLWithPath: folder.path))
            #expect(run.status == 0, "\(run.stderr)")

            let store = try backend.open(location, mode: .readOnly)
            defer { store.close() }
            let log = try store.log(run: 1)
            var pages: Set<BlobRef> = []
            for record in log { if case .observed(let observed) = record.event { pages.insert(observed.observation) } }
            #expect(!pages.isEmpty)
            let tables = RawTables(backend: backend, location: location)
            let rows = try tables.rows("SELECT hash, chunks FROM blobs")
            var texts: [String: String] = [:]
            for row in rows {
                let hash = try #require(row["hash"]?.text)
                let text = try #require(try store.blob(BlobRef(rawValue: hash)))
                texts[hash] = text
            }
            var logical = texts.values.reduce(0) { $0 + $1.utf8.count }
            var pageBytes = 0
            var holders = 0
            for page in pages {
                let text = try #require(texts[page.rawValue])
                #expect(text.utf8.count == 1_048_576)
                pageBytes += text.utf8.count
                let list = try #require(rows.first { $0["hash"]?.text == page.rawValue }?["chunks"]?.text)
                let chunks = try #require(TextChunks.hashes(inList: list))
                #expect(chunks.count > 50)
                // Every text that shows the page (the page itself, each prompt with it) names its inner chunks: the
                // page's bytes are in those chunks, stored once.
                let showing = texts.values.filter { Self.contains($0, text) }
                #expect(showing.count > 2, "prompts show the page")
                holders += showing.count
                logical -= showing.count * text.utf8.count
                for chunk in chunks.dropFirst().dropLast() {
                    let naming = rows.filter { $0["chunks"]?.text?.contains(chunk) == true }
                    #expect(naming.count == showing.count, "chunk \(chunk.prefix(12))")
                }
            }
            let stored = try #require(
                try tables.integer(
                    "SELECT (SELECT SUM(LENGTH(bytes)) FROM chunks) + (SELECT SUM(LENGTH(\(tables.textBytes))) FROM blobs)"
                ))
            // What is stored: each page once, the rest of the texts, and at most the chunks at a page's edges again.
            #expect(Int(stored) <= pageBytes + logical + holders * 2 * TextChunks.maximum)
            // A file's own overhead (pages, indexes) stays small; a server's storage is the server's to lay out.
            if backend == .sqlite {
                let fileSize = try #require(try FileManager.default.attributesOfItem(atPath: location)[.size] as? Int)
                #expect(fileSize < 2 * (pageBytes + logical) + 1_000_000, "file \(fileSize), pages \(pageBytes)")
            }
        }
    }
}
