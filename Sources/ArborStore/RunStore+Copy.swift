import ArborCore
import Foundation
import GRDB

/// A run's rows read out and written in as they are, for `arbor copy`.
extension RunStore: RunStorage {
    public var location: String { path }

    public func rows(of run: RunID) throws(StoreError) -> RunRows {
        try read { db in
            guard
                let runRow = try Row.fetchOne(
                    db, sql: "SELECT \(RunRows.runColumns.joined(separator: ", ")) FROM runs WHERE id = ?",
                    arguments: [run])
            else { throw StoreError.unknownRun(run) }
            var tables: [RunTable: [[StoreValue]]] = [:]
            var hashes: Set<String> = []
            for table in RunTable.allCases {
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.rawValue) WHERE run = ? "
                        + "ORDER BY \(table.order)",
                    arguments: [run])
                tables[table] = rows.map(Self.values)
                if table == .events {
                    for row in rows { hashes.formUnion(RunRows.blobHashes(in: row["payload"])) }
                }
            }
            var blobs: [[StoreValue]] = []
            for hash in hashes.sorted() {
                guard let text = try TextBlobRows.text(db, hash: hash, path: path) else { continue }
                blobs.append([.text(hash), .text(text)])
            }
            var images: [[StoreValue]] = []
            if try db.tableExists("images") {
                for hash in hashes.sorted() {
                    guard
                        let row = try Row.fetchOne(
                            db, sql: "SELECT format, bytes FROM images WHERE hash = ?", arguments: [hash]),
                        let format = ImageFormat(rawValue: row["format"]), let bytes = row["bytes"] as Data?
                    else { continue }
                    images.append(RunRows.imageRow(hash: hash, EncodedImage(format: format, bytes: [UInt8](bytes))))
                }
            }
            return RunRows(run: Self.values(runRow), tables: tables, blobs: blobs, images: images)
        }
    }

    public func insert(_ rows: RunRows) throws(StoreError) -> RunID {
        guard mode == .write else { throw .readOnly(path: path) }
        do {
            return try pool.write { db -> RunID in
                try db.execute(
                    sql: RunRows.runInsert, arguments: StatementArguments(rows.run.map(Self.databaseValue)))
                let run = db.lastInsertedRowID
                let texts = try TextBlobRows(db)
                for blob in rows.blobs {
                    guard let hash = blob.first?.text, let text = blob.last?.text else { continue }
                    try texts.write(hash: hash, text)
                }
                for image in rows.images {
                    try db.execute(
                        sql: RunRows.imageInsert, arguments: StatementArguments(image.map(Self.databaseValue)))
                }
                try rows.insertions(run: run) { _, sql, values in
                    try db.execute(sql: sql, arguments: StatementArguments(values.map(Self.databaseValue)))
                    return db.lastInsertedRowID
                }
                return run
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .sqlite(path: path, failure: error)
        }
    }

    private static func values(_ row: Row) -> [StoreValue] {
        (0..<row.count).map { index in
            switch (row[index] as DatabaseValue).storage {
            case .null: .null
            case .int64(let value): .integer(value)
            case .double(let value): .real(value)
            case .string(let value): .text(value)
            case .blob(let data): .text(String(decoding: data, as: UTF8.self))
            }
        }
    }

    static func databaseValue(_ value: StoreValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .bytes(let value): Data(value).databaseValue
        }
    }
}
