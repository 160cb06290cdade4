import Foundation
import GRDB

/// What is at a store's path, found without changing a byte of it: the header is read by hand and the schema
/// through a read-only connection, so a file Arbor refuses is left exactly as it was.
enum StoreFile: Equatable {
    /// No file yet.
    case absent
    /// A file SQLite would treat as an empty database (zero bytes, or SQLite with no tables).
    case empty
    /// An Arbor store at this schema version.
    case arbor(version: Int)

    private static let magic = Array("SQLite format 3\0".utf8)

    static func inspect(path: String, forWriting: Bool) throws(StoreError) -> StoreFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            guard forWriting else { throw .missing(path: path) }
            try checkFolder(of: path)
            return .absent
        }
        if isDirectory.boolValue { throw .unwritable(path: path, reason: "it is a directory") }
        if forWriting {
            guard access(path, W_OK) == 0 else {
                throw .unwritable(path: path, reason: String(cString: strerror(errno)))
            }
            try checkFolder(of: path)
        }

        let (header, size) = try readHeader(path)
        if size == 0 { return .empty }
        guard header.count == 100, Array(header[0..<16]) == magic else { throw .notSQLite(path: path) }
        let rawPageSize = Int(header[16]) << 8 | Int(header[17])
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else {
            throw .corrupt(path: path, reason: "its header gives an impossible page size, \(rawPageSize)")
        }
        // The page count in the header is trusted only when its "valid for" counter matches the change counter, and
        // only when no `-wal` is beside the file: a live writer's checkpoint writes the header before the pages it
        // extends the file with, so for a moment the file looks truncated when it is not.
        let inUse = FileManager.default.fileExists(atPath: path + "-wal")
        if !inUse, header[24..<28] == header[92..<96] {
            let pages = header[28..<32].reduce(Int64(0)) { $0 << 8 | Int64($1) }
            if pages * Int64(pageSize) > size {
                throw .truncated(path: path, expectedBytes: pages * Int64(pageSize), actualBytes: size)
            }
        }
        if !inUse, size % Int64(pageSize) != 0 {
            throw .truncated(
                path: path, expectedBytes: (size / Int64(pageSize) + 1) * Int64(pageSize), actualBytes: size)
        }
        return try inspectSchema(path)
    }

    /// The folder must exist and take new files (SQLite keeps `-wal` and `-shm` beside the store).
    private static func checkFolder(of path: String) throws(StoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        let dir = folder.isEmpty ? "." : folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) else {
            throw .unwritable(path: path, reason: "folder \(dir) does not exist")
        }
        guard isDirectory.boolValue else { throw .unwritable(path: path, reason: "\(dir) is not a folder") }
        guard access(dir, W_OK) == 0 else {
            throw .unwritable(path: path, reason: "folder \(dir): \(String(cString: strerror(errno)))")
        }
    }

    private static func readHeader(_ path: String) throws(StoreError) -> ([UInt8], Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unwritable(path: path, reason: "it cannot be read")
        }
        defer { try? handle.close() }
        do {
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            let header = try handle.read(upToCount: 100) ?? Data()
            return (Array(header), Int64(size))
        } catch {
            throw .unwritable(path: path, reason: "it cannot be read (\(error.localizedDescription))")
        }
    }

    /// Asks SQLite whose the file is, without creating anything beside it (see ``SchemaFacts``).
    private static func inspectSchema(_ path: String) throws(StoreError) -> StoreFile {
        do {
            let facts = try SchemaFacts.read(path)
            if facts.applicationID == Schema.applicationID {
                guard facts.version <= Schema.version else {
                    throw StoreError.newerSchema(path: path, found: facts.version, supported: Schema.version)
                }
                return .arbor(version: facts.version)
            }
            if facts.tables.isEmpty { return .empty }
            throw StoreError.foreign(path: path, tables: facts.tables)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where SQLiteCode(rawValue: error.extendedResultCode.rawValue).isBusy {
            // Still busy after the wait: another process holds the file, which says nothing about its health.
            throw .sqlite(path: path, failure: error)
        } catch let error as DatabaseError {
            throw .corrupt(path: path, reason: "SQLite says: \(error.message ?? "\(error.resultCode)")")
        } catch {
            throw .corrupt(path: path, reason: "\(error)")
        }
    }
}
