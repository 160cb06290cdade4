import ArborCore

/// Every row of one run, as stored, for `arbor copy`: the `runs` row and the run's rows of the tables that hang off it,
/// with the blobs its events refer to. Values are moved as they are, so the copied log is byte for byte the same.
public struct RunRows: Sendable, Equatable {
    /// The `runs` row without its id: the destination gives the run an id of its own.
    public var run: [StoreValue]
    /// Each table's rows, columns in ``RunTable/columns`` order (the `run` column left out).
    public var tables: [RunTable: [[StoreValue]]]
    /// The blobs (hash, text) the run's events refer to.
    public var blobs: [[StoreValue]]
    /// The images (hash, format, bytes) the run's events refer to (screenshots, schema 3).
    public var images: [[StoreValue]]

    public init(
        run: [StoreValue], tables: [RunTable: [[StoreValue]]], blobs: [[StoreValue]], images: [[StoreValue]] = []
    ) {
        self.run = run
        self.tables = tables
        self.blobs = blobs
        self.images = images
    }

    /// The columns of `runs` that are copied, in order (all but `id`).
    public static let runColumns = [
        "started_at", "ended_at", "status", "environment", "model", "method", "seed", "config", "parent_run",
        "parent_episode", "parent_node", "format_version", "writer_pid", "writer_token", "heartbeat_at", "last_seq",
    ]

    /// Inserts ``run`` (its values in ``runColumns`` order), with `?` marks.
    public static let runInsert =
        "INSERT INTO runs (\(runColumns.joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: runColumns.count).joined(separator: ", ") + ")"

    /// Inserts one of ``blobs``, keeping a blob the destination already has.
    public static let blobInsert = "INSERT INTO blobs (hash, text) VALUES (?, ?) ON CONFLICT DO NOTHING"

    /// Inserts one of ``images``, keeping an image the destination already has.
    public static let imageInsert = "INSERT INTO images (hash, format, bytes) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"

    /// The row of ``images`` for one stored image.
    public static func imageRow(hash: String, _ image: EncodedImage) -> [StoreValue] {
        [.text(hash), .text(image.format.rawValue), .bytes(image.bytes)]
    }

    /// Walks the copied rows in the order they are inserted, as `(table, insert statement with ? marks, values)`,
    /// up to `batch` rows a statement (a server is spared a round trip per row), the values of each row starting
    /// with the new `run`. `insert` runs one statement and, for an annotation (always alone), returns the id it got,
    /// so a later edit's `supersedes` points at the copy of the annotation it edits.
    public func insertions<Failure: Error>(
        run: RunID, batch: Int = 1, _ insert: (RunTable, String, [StoreValue]) throws(Failure) -> Int64?
    ) throws(Failure) {
        var annotationIDs: [Int64: Int64] = [:]
        for table in RunTable.allCases {
            var columns = table.columns
            if table == .annotations { columns.removeFirst() }
            let row = "(" + Array(repeating: "?", count: columns.count + 1).joined(separator: ", ") + ")"
            func statement(rows: Int) -> String {
                "INSERT INTO \(table.rawValue) (run, \(columns.joined(separator: ", "))) VALUES "
                    + Array(repeating: row, count: rows).joined(separator: ", ")
                    + (table.skipsExisting ? " ON CONFLICT DO NOTHING" : "")
            }
            let all = tables[table] ?? []
            guard table == .annotations else {
                for start in stride(from: 0, to: all.count, by: max(batch, 1)) {
                    let chunk = all[start..<min(start + max(batch, 1), all.count)]
                    _ = try insert(table, statement(rows: chunk.count), chunk.flatMap { [.integer(run)] + $0 })
                }
                continue
            }
            for var values in all {
                let oldID = values.removeFirst().integer
                if let supersedes = values.last?.integer {
                    values[values.count - 1] = annotationIDs[supersedes].map { .integer($0) } ?? .null
                }
                let newID = try insert(table, statement(rows: 1), [.integer(run)] + values)
                if let oldID, let newID { annotationIDs[oldID] = newID }
            }
        }
    }

    /// The blob hashes an event payload mentions: every quoted run of 64 lowercase hex digits (a ``BlobRef``). A
    /// text that merely looks like one finds no blob and is skipped.
    public static func blobHashes(in payload: String) -> Set<String> {
        var found: Set<String> = []
        let bytes = Array(payload.utf8)
        var index = 0
        while index + 65 < bytes.count {
            if bytes[index] == UInt8(ascii: "\""), bytes[index + 65] == UInt8(ascii: "\""),
                bytes[(index + 1)...(index + 64)].allSatisfy(Self.isHexDigit)
            {
                found.insert(String(decoding: bytes[(index + 1)...(index + 64)], as: UTF8.self))
                index += 66
            } else {
                index += 1
            }
        }
        return found
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

/// A table whose rows belong to one run (its `run` column), as `arbor copy` moves it.
public enum RunTable: String, Sendable, CaseIterable {
    case events
    case episodes
    case reflections
    case modelCalls = "model_calls"
    case annotations

    /// The copied columns, in order, without `run` (and without `annotations.id`, which the destination assigns).
    public var columns: [String] {
        switch self {
        case .events: ["seq", "kind", "episode", "node", "time", "payload"]
        case .episodes:
            [
                "episode", "task_id", "task", "started_at", "ended_at", "success", "reward", "estimated_success",
                "steps", "reason",
            ]
        case .reflections:
            [
                "id", "kind", "task_id", "task", "state", "action", "expected", "happened", "lesson", "hint",
                "surprise", "episode", "created_at",
            ]
        case .modelCalls:
            [
                "seq", "episode", "node", "role", "model", "tokens_in", "tokens_out", "latency_ms", "cached", "cost",
                "error",
            ]
        case .annotations:
            ["id", "episode", "node", "path", "label", "note", "tags", "author", "created_at", "supersedes"]
        }
    }

    /// The order rows are read in, so that a copy lists them as the source does.
    public var order: String {
        switch self {
        case .events, .modelCalls: "seq"
        case .episodes: "episode"
        case .reflections: "created_at, id"
        case .annotations: "id"
        }
    }

    /// Whether a row already in the destination (a lesson with the same id, made by another copy) is kept.
    public var skipsExisting: Bool { self == .reflections }
}
