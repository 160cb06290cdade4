import ArborCore
import Foundation
import GRDB

/// How a text blob lies in the file: a short text whole in its `blobs` row; a text of ``TextChunks/threshold`` bytes
/// or more (schema 4) cut into chunks stored once each in `chunks`, its `blobs` row listing them in order. Writing
/// goes through here for the writer's events and for a copied run alike; reading joins the chunks back, byte for byte.
struct TextBlobRows {
    private let db: Database
    private let insertWhole: RawStatement
    private let insertChunk: RawStatement
    private let insertList: RawStatement

    init(_ db: Database) throws {
        self.db = db
        insertWhole = try RawStatement(db, RunRows.blobInsert)
        insertChunk = try RawStatement(db, TextChunks.chunkInsert)
        insertList = try RawStatement(db, TextChunks.listInsert)
    }

    /// Stores `text` under `hash` unless the store has it.
    func write(hash: String, _ text: String) throws {
        var text = text
        guard text.utf8.count >= TextChunks.threshold else {
            insertWhole.bind(1, hash)
            insertWhole.bind(2, text)
            try insertWhole.step(db)
            return
        }
        // A prompt is often written again (the same request sampled twice); cutting it again would be wasted.
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM blobs WHERE hash = ?"), arguments: [hash]) != nil {
            return
        }
        try text.withUTF8 { bytes in
            let cut = TextChunks(bytes)
            for chunk in cut.chunks {
                insertChunk.bind(1, chunk.hash)
                insertChunk.bindBlob(2, UnsafeBufferPointer(rebasing: bytes[chunk.range]))
                try insertChunk.step(db)
            }
            insertList.bind(1, hash)
            insertList.bind(2, cut.list)
            try insertList.step(db)
        }
    }

    /// The text stored under `hash`, or nil when the store does not have it. Read by its length, as bytes: GRDB reads
    /// a TEXT column as a C string, which would end a page or a completion at its first NUL. A file from before
    /// schema 4 (read as it is by a viewer) has no chunks. A chunk the list names but the file lacks is damage, and
    /// said so rather than returning part of the text.
    static func text(_ db: Database, hash: String, path: String) throws -> String? {
        guard try db.tableExists("chunks") else {
            return try Data.fetchOne(
                db.cachedStatement(sql: "SELECT CAST(text AS BLOB) FROM blobs WHERE hash = ?"), arguments: [hash]
            ).map { String(decoding: $0, as: UTF8.self) }
        }
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT CAST(text AS BLOB), chunks FROM blobs WHERE hash = ?"),
                arguments: [hash])
        else { return nil }
        guard let list = row[1] as String? else { return String(decoding: row[0] as Data? ?? Data(), as: UTF8.self) }
        var bytes: [UInt8] = []
        let chunks = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT j.value, c.bytes FROM json_each(?) AS j LEFT JOIN chunks AS c ON c.hash = j.value
                    ORDER BY j.key
                    """),
            arguments: [list])
        while let chunk = try chunks.next() {
            guard let data = chunk[1] as Data? else {
                let missing: String = chunk[0]
                throw StoreError.corrupt(
                    path: path, reason: "text \(hash.prefix(12)) lists chunk \(missing.prefix(12)), which is missing")
            }
            bytes.append(contentsOf: data)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
