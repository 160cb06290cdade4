import ArborCore
import Foundation
import GRDB
import Testing

@testable import ArborStore

@Suite("Schema and migrations")
struct MigrationTests {
    @Test("a schema-1 file made by this build reopens with its runs, and is marked as Arbor's")
    func reopen() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        do {
            let store = try RunStore.open(path: path, clock: TickingClock().now)
            let recorder = try store.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 3))
            recorder.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "task")))
            try recorder.finish()
            store.close()
        }
        let store = try RunStore.open(path: path)
        #expect(try store.runs().map(\.lastSeq) == [3])
        #expect(try store.episodes(run: 1).map(\.task) == ["task"])
        store.close()

        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let facts = try queue.read { db in
            (
                version: try Int.fetchOne(db, sql: "PRAGMA user_version"),
                application: try Int32.fetchOne(db, sql: "PRAGMA application_id"),
                marker: try String.fetchOne(db, sql: "SELECT value FROM arbor_meta WHERE key = 'application'"),
                applied: try Schema.migrator.appliedIdentifiers(db),
                journal: try String.fetchOne(db, sql: "PRAGMA journal_mode")
            )
        }
        #expect(facts.version == Schema.version)
        #expect(facts.application == Schema.applicationID)
        #expect(facts.marker == "arbor")
        #expect(facts.applied == Set(Schema.migrator.migrations))
        #expect(facts.journal == "wal")
    }

    @Test("the migrations, in order; a new one is appended, never edited")
    func migrationList() {
        #expect(
            Schema.migrator.migrations == [
                "v1: runs, episodes, events, blobs, reflections, annotations, commands, calls",
                "v2: model responses cached by request",
                "v3: images stored once, as bytes",
                "v4: long texts cut into chunks stored once",
            ])
        #expect(Schema.version == Schema.migrator.migrations.count)
    }

    @Test("a schema-1 file is read as it is by a viewer and migrated to the latest by a writer")
    func schemaOneMigrates() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("old.db")
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../sample-runs/miniweb.db").standardized.path
        try FileManager.default.copyItem(atPath: sample, toPath: path)
        // The sample is re-made by each build; taking migrations 2 to 4 back out of a copy gives the file a schema-1
        // build wrote (the same tables and bookkeeping, without `responses`, `images` and chunks).
        let downgrade = try DatabaseQueue(path: path)
        try downgrade.write { db in
            if try db.columns(in: "blobs").contains(where: { $0.name == "chunks" }) {
                #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs WHERE chunks IS NOT NULL") == 0)
                try db.execute(sql: "ALTER TABLE blobs DROP COLUMN chunks")
            }
            try db.execute(
                sql: """
                    DROP TABLE IF EXISTS responses;
                    DROP TABLE IF EXISTS images;
                    DROP TABLE IF EXISTS chunks;
                    DELETE FROM grdb_migrations WHERE identifier NOT LIKE 'v1:%';
                    PRAGMA user_version = 1;
                    """)
        }
        try downgrade.close()
        func version() throws -> Int? {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
        }
        #expect(try version() == 1)
        let viewer = try RunStore.open(path: path, mode: .readOnly)
        #expect(try viewer.runs().count == 2)
        #expect(try viewer.cachedResponse(for: "k") == nil)
        #expect(try viewer.image(BlobRef(rawValue: String(repeating: "0", count: 64))) == nil)
        viewer.close()
        #expect(try version() == 1, "a viewer changes nothing")
        let writer = try RunStore.open(path: path)
        try writer.cacheResponse("{}", for: "k")
        #expect(try writer.cachedResponse(for: "k") == "{}")
        #expect(try writer.runs().count == 2)
        writer.close()
        #expect(try version() == Schema.version)
    }

    @Test("an empty file becomes a store")
    func emptyFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try RunStore.open(path: path)
        #expect(try store.runs() == [])
    }
}
