import ArborCore
import Foundation
import GRDB
import Testing

@testable import ArborStore

@Suite("Refusing files that are not ours to change")
struct BadFileTests {
    /// Opens `path` for writing and for viewing, expects `error` both times, and checks the file is byte-for-byte what
    /// it was and nothing was created beside it (no `-wal` or `-shm`).
    func expectRefusal(_ path: String, _ error: StoreError, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let before = FileManager.default.contents(atPath: path)
        let listed = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(throws: error, sourceLocation: sourceLocation) { _ = try RunStore.open(path: path) }
        if case .unwritable = error {
        } else {
            #expect(throws: error, sourceLocation: sourceLocation) {
                _ = try RunStore.open(path: path, mode: .readOnly)
            }
        }
        #expect(
            FileManager.default.contents(atPath: path) == before, "the file changed", sourceLocation: sourceLocation)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == listed,
            "files appeared beside it", sourceLocation: sourceLocation)
    }

    /// A real store with one finished run, closed (so its WAL is checkpointed into the file).
    func makeStore(_ path: String) throws {
        let store = try RunStore.open(path: path)
        try store.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 1)).finish()
        store.close()
    }

    @Test("a store written by a newer schema")
    func newerSchema() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        try makeStore(path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "PRAGMA user_version = 7") }
        try queue.close()
        try expectRefusal(path, .newerSchema(path: path, found: 7, supported: Schema.version))
        #expect(
            StoreError.newerSchema(path: "runs.db", found: 7, supported: 2).description
                == "runs.db was written by a newer Arbor (schema 7; this build reads up to 2). Upgrade Arbor or open a copy."
        )
    }

    @Test("a file that is not SQLite")
    func notSQLite() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("notes.txt")
        try Data("these are my notes, not a database\n".utf8).write(to: URL(fileURLWithPath: path))
        try expectRefusal(path, .notSQLite(path: path))
        #expect(
            StoreError.notSQLite(path: "notes.txt").description
                == "notes.txt is not an SQLite database (it does not start with the SQLite header). "
                + "Check the path, or name a new file to create a store.")
    }

    @Test("a truncated store")
    func truncated() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        try makeStore(path)
        let whole = FileManager.default.contents(atPath: path)!
        let half = whole.prefix(whole.count / 2 / 4096 * 4096)
        try half.write(to: URL(fileURLWithPath: path))
        try expectRefusal(
            path, .truncated(path: path, expectedBytes: Int64(whole.count), actualBytes: Int64(half.count)))
        #expect(
            StoreError.truncated(path: "runs.db", expectedBytes: 8192, actualBytes: 4096).description
                == "runs.db is truncated (its header promises 8192 bytes; the file has 4096). "
                + "Restore it from a copy; Arbor will not open it.")
    }

    @Test("a store cut in the middle of a page")
    func cutMidPage() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        try makeStore(path)
        let whole = FileManager.default.contents(atPath: path)!
        try whole.prefix(whole.count - 100).write(to: URL(fileURLWithPath: path))
        try expectRefusal(
            path, .truncated(path: path, expectedBytes: Int64(whole.count), actualBytes: Int64(whole.count - 100)))
    }

    @Test("an SQLite database that another program made")
    func foreign() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("other.db")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); CREATE TABLE tags (name TEXT)")
            try db.execute(sql: "INSERT INTO notes (text) VALUES ('keep me')")
        }
        try queue.close()
        try expectRefusal(path, .foreign(path: path, tables: ["notes", "tags"]))
        #expect(
            StoreError.foreign(path: "other.db", tables: ["notes", "tags"]).description
                == "other.db is an SQLite database that Arbor did not create (tables: notes, tags). "
                + "Name a new file; Arbor will not change this one.")
    }

    @Test("a path whose folder is a file")
    func unwritable() throws {
        let folder = try TemporaryFolder()
        let file = folder.file("plain.txt")
        try Data("plain".utf8).write(to: URL(fileURLWithPath: file))
        let path = file + "/runs.db"
        #expect(throws: StoreError.unwritable(path: path, reason: "\(file) is not a folder")) {
            _ = try RunStore.open(path: path)
        }
        #expect(FileManager.default.contents(atPath: file) == Data("plain".utf8))
        let missing = folder.file("no/such/runs.db")
        #expect(throws: StoreError.unwritable(path: missing, reason: "folder \(folder.file("no/such")) does not exist"))
        {
            _ = try RunStore.open(path: missing)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("no")))
        #expect(
            StoreError.unwritable(path: "/x/runs.db", reason: "folder /x does not exist").description
                == "cannot write /x/runs.db: folder /x does not exist. Choose a writable location, or open it read-only."
        )
    }

    @Test("a file this user may not write")
    func readOnlyFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        try makeStore(path)
        guard getuid() == 0 else {
            chmod(path, 0o444)
            try expectRefusal(path, .unwritable(path: path, reason: "Permission denied"))
            return
        }
        // Root writes through permission bits, but not through the immutable attribute.
        guard try Immutable.set(path) else { return }
        defer { Immutable.clear(path) }
        try expectRefusal(path, .unwritable(path: path, reason: "Operation not permitted"))
    }

    @Test("a folder this user may not write: no store is created in it")
    func readOnlyFolder() throws {
        let folder = try TemporaryFolder()
        let locked = folder.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        let path = locked + "/runs.db"
        let reason: String
        if getuid() == 0 {
            guard try Immutable.set(locked) else { return }
            reason = "Operation not permitted"
        } else {
            chmod(locked, 0o555)
            reason = "Permission denied"
        }
        defer {
            Immutable.clear(locked)
            chmod(locked, 0o755)
        }
        #expect(throws: StoreError.unwritable(path: path, reason: "folder \(locked): \(reason)")) {
            _ = try RunStore.open(path: path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked) == [])
    }

    @Test("a store whose name needs escaping in a URI is inspected and reopened like any other")
    func nameWithURICharacters() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs ?#%20.db")
        try makeStore(path)
        let viewer = try RunStore.open(path: path, mode: .readOnly)
        #expect(try viewer.runs().map(\.status) == [.finished])
        viewer.close()
        let store = try RunStore.open(path: path)
        #expect(try store.runs().count == 1)
        store.close()
    }

    @Test("viewers: a missing file and an empty one")
    func viewerRefusals() throws {
        let folder = try TemporaryFolder()
        let missing = folder.file("none.db")
        #expect(throws: StoreError.missing(path: missing)) { _ = try RunStore.open(path: missing, mode: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: missing))
        let empty = folder.file("empty.db")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(throws: StoreError.empty(path: empty)) { _ = try RunStore.open(path: empty, mode: .readOnly) }
        #expect(FileManager.default.contents(atPath: empty) == Data())
    }
}

/// The immutable attribute (`chattr +i`): the one way to make a file unwritable for root, whom permission bits do not
/// stop. `set` is false where the file system has no such attribute; the caller then has nothing to test.
enum Immutable {
    static func set(_ path: String) throws -> Bool { try chattr("+i", path) == 0 }
    static func clear(_ path: String) { _ = try? chattr("-i", path) }

    private static func chattr(_ flag: String, _ path: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["chattr", flag, path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
