import ArborCore
import ArborTesting
import Foundation
import GRDB
import Testing

@testable import ArborStore

/// Long texts are cut into chunks stored once (schema 4): the page every prompt repeats is stored once, every text
/// reads back byte for byte, and a file an earlier build wrote reads as it did.
@Suite("Long texts stored once") struct ChunkedTextTests {
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

    @Test("long texts with every byte value and NULs read back byte for byte; each chunk is stored once")
    func longTextsRoundTrip() throws {
        let folder = try TemporaryFolder()
        let store = try RunStore.open(path: folder.file("runs.db"))
        let page = Self.longText(bytes: 1_000_000, seed: 3)
        let texts = [
            Self.longText(bytes: 40_000, seed: 2), page, "\u{0}" + page + "\u{0}", "prompt\n" + page + "\nend",
            String(repeating: "\u{0}", count: 70_000), String(repeating: "a", count: TextChunks.threshold - 1),
            String(repeating: "b", count: TextChunks.threshold), "short \u{0} text",
        ]
        let recorder = try store.startRun(RunStarted(environment: "e", model: "m", method: "greedy", seed: 0))
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
        var expected: [String: Int] = [:]
        for text in long { for chunk in Self.cut(text) { expected[chunk.hash] = chunk.range.count } }
        let queue = try DatabaseQueue(path: folder.file("runs.db"))
        defer { try? queue.close() }
        let facts = try queue.read { db in
            (
                listed: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs WHERE chunks IS NOT NULL"),
                whole: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs WHERE chunks IS NULL"),
                emptied: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs WHERE chunks IS NOT NULL AND text = ''"),
                chunks: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks"),
                bytes: try Int.fetchOne(db, sql: "SELECT SUM(LENGTH(bytes)) FROM chunks")
            )
        }
        #expect(facts.listed == long.count)
        #expect(facts.emptied == long.count)
        #expect(facts.whole == texts.count - long.count)
        #expect(facts.chunks == expected.count)
        #expect(facts.bytes == expected.values.reduce(0, +))
        // The page's bytes once, though three texts hold it: far less than the texts' own sum.
        #expect(facts.bytes! < page.utf8.count + 300_000)

        // A chunk the file lacks is damage, said so; never a shortened text.
        let missing = try #require(Self.cut(page).dropFirst().first?.hash)
        try queue.write { db in try db.execute(sql: "DELETE FROM chunks WHERE hash = ?", arguments: [missing]) }
        let path = folder.file("runs.db")
        #expect(
            throws: StoreError.corrupt(
                path: path,
                reason: "text \(Blob(page).ref.rawValue.prefix(12)) lists chunk \(missing.prefix(12)), which is missing"
            )
        ) { try store.blob(Blob(page).ref) }
        store.close()
    }

    @Test("a schema-3 file is read as it is, and after a writer migrates it its texts read the same")
    func schemaThreeFileReads() throws {
        // Tests/Fixtures/schema3.db: a greedy run on big_page_env.py's 20,000-byte pages, recorded by the build
        // before schema 4, so its long texts are whole.
        let folder = try TemporaryFolder()
        let path = folder.file("old.db")
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("schema3.db").path, toPath: path)
        func raw() throws -> (version: Int?, texts: [String: [UInt8]]) {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { db in
                let rows = try Row.fetchAll(db, sql: "SELECT hash, CAST(text AS BLOB) AS bytes FROM blobs")
                return (
                    try Int.fetchOne(db, sql: "PRAGMA user_version"),
                    Dictionary(uniqueKeysWithValues: rows.map { ($0["hash"], [UInt8]($0["bytes"] as Data)) })
                )
            }
        }
        let before = try raw()
        #expect(before.version == 3)
        #expect(before.texts.values.contains { $0.count >= TextChunks.threshold }, "the fixture holds a long page")
        let viewer = try RunStore.open(path: path, mode: .readOnly)
        let hashes = try viewer.storedEvents(run: 1, limit: 1000).reduce(into: Set<String>()) {
            $0.formUnion(RunRows.blobHashes(in: $1.payload))
        }
        #expect(hashes.count == before.texts.count)
        for hash in hashes {
            #expect(try viewer.blob(BlobRef(rawValue: hash)).map { Array($0.utf8) } == before.texts[hash])
        }
        viewer.close()
        #expect(try raw().version == 3, "a viewer changes nothing")

        let writer = try RunStore.open(path: path)
        for hash in hashes {
            #expect(try writer.blob(BlobRef(rawValue: hash)).map { Array($0.utf8) } == before.texts[hash])
        }
        let page = Self.longText(bytes: 50_000, seed: 4)
        let recorder = try writer.startRun(RunStarted(environment: "e", model: "m", method: "greedy", seed: 0))
        recorder.append(
            .observed(
                Observed(
                    episode: 0, node: NodeID(0), observation: Blob(page).ref, reward: 0, terminal: false, success: nil)),
            blobs: [Blob(page)])
        try recorder.finish()
        #expect(try writer.blob(Blob(page).ref) == page)
        writer.close()
        let after = try raw()
        #expect(after.version == Schema.version)
        for (hash, bytes) in before.texts { #expect(after.texts[hash] == bytes, "a migrated text is left whole") }
        #expect(after.texts[Blob(page).ref.rawValue] == [], "a new long text is cut")
    }
}

extension HeavyStoreTests {
    @Suite("A page every prompt repeats") struct RepeatedPageTests {
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

        @Test("an episode on a 1 MB page stores the page's bytes once, however many prompts show it")
        func megabytePage() throws {
            let folder = try TemporaryFolder()
            let path = folder.file("runs.db")
            let script = ChunkedTextTests.fixtures.appendingPathComponent("big_page_env.py").path
            let run = try runArbor([
                "run", "--db", path, "--env", "exec:python3 \(script) 1048576", "--tasks", "1", "--method",
                "rmcts-debate", "--iterations", "2", "--samples", "3", "--value-samples", "1", "--max-steps", "2",
            ])
            #expect(run.status == 0, "\(run.stderr)")

            let store = try RunStore.open(path: path, mode: .readOnly)
            defer { store.close() }
            let log = try store.log(run: 1)
            var pages: Set<BlobRef> = []
            for record in log { if case .observed(let observed) = record.event { pages.insert(observed.observation) } }
            #expect(!pages.isEmpty)
            let queue = try DatabaseQueue(
                path: path,
                configuration: {
                    var c = Configuration()
                    c.readonly = true
                    return c
                }())
            defer { try? queue.close() }
            let rows = try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT hash, LENGTH(CAST(text AS BLOB)) AS size, chunks FROM blobs")
            }
            var texts: [String: String] = [:]
            for row in rows {
                let hash: String = row["hash"]
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
                let list = try #require(rows.first { $0["hash"] == page.rawValue }?["chunks"] as String?)
                let chunks = try #require(TextChunks.hashes(inList: list))
                #expect(chunks.count > 50)
                // Every text that shows the page (the page itself, each prompt with it) names its inner chunks: the
                // page's bytes are in those chunks, stored once.
                let showing = texts.values.filter { Self.contains($0, text) }
                #expect(showing.count > 2, "prompts show the page")
                holders += showing.count
                logical -= showing.count * text.utf8.count
                for chunk in chunks.dropFirst().dropLast() {
                    let naming = rows.filter { ($0["chunks"] as String?)?.contains(chunk) == true }
                    #expect(naming.count == showing.count, "chunk \(chunk.prefix(12))")
                }
            }
            let stored = try queue.read { db in
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT (SELECT SUM(LENGTH(bytes)) FROM chunks) + (SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM blobs)"
                ) ?? 0
            }
            // What is stored: each page once, the rest of the texts, and at most the chunks at a page's edges again.
            #expect(stored <= pageBytes + logical + holders * 2 * TextChunks.maximum)
            let fileSize = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(fileSize < 2 * (pageBytes + logical) + 1_000_000, "file \(fileSize), pages \(pageBytes)")
        }
    }
}
