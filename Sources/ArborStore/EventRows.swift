import ArborCore
import GRDB

/// Writes events inside the writer's open transaction: the `events` row, its blobs (once each), and the rows of
/// the tables derived from it (`episodes`, `reflections`, `model_calls`, the run's status), as ``EventEncoder``
/// works them out.
struct EventRows {
    private let db: Database
    private let insertEvent: RawStatement
    private let texts: TextBlobRows
    private let insertImage: RawStatement
    private var encoder = EventEncoder()

    init(_ db: Database) throws {
        self.db = db
        insertEvent = try RawStatement(
            db, "INSERT INTO events (run, seq, kind, episode, node, time, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")
        texts = try TextBlobRows(db)
        insertImage = try RawStatement(db, "INSERT OR IGNORE INTO images (hash, format, bytes) VALUES (?, ?, ?)")
    }

    mutating func write(_ item: StampedEvent) throws {
        let event = encoder.encode(item)
        insertEvent.bind(1, item.run)
        insertEvent.bind(2, item.seq)
        insertEvent.bind(3, event.kind.rawValue)
        insertEvent.bind(4, event.episode)
        insertEvent.bind(5, event.node?.rawValue)
        insertEvent.bind(6, item.time)
        encoder.payload.withUnsafeBufferPointer { insertEvent.bindText(7, $0) }
        try insertEvent.step(db)

        for blob in item.blobs {
            switch blob.content {
            case .text(let text):
                try texts.write(hash: blob.ref.rawValue, text)
            case .image(let image):
                insertImage.bind(1, blob.ref.rawValue)
                insertImage.bind(2, image.format.rawValue)
                image.bytes.withUnsafeBufferPointer { insertImage.bindBlob(3, $0) }
                try insertImage.step(db)
            }
        }
        if let derived = encoder.derivedRow(of: event, item) {
            try db.cachedStatement(sql: Self.sql(derived)).execute(
                arguments: StatementArguments(derived.values.map(RunStore.databaseValue)))
        }
    }

    /// SQLite's statement for each derived row.
    private static func sql(_ row: DerivedRow) -> String {
        let marks = Array(repeating: "?", count: row.columns.count).joined(separator: ", ")
        let columns = row.columns.joined(separator: ", ")
        switch row {
        case .episodeStarted: return "INSERT OR REPLACE INTO episodes (\(columns)) VALUES (\(marks))"
        case .episodeEnded:
            return "UPDATE episodes SET ended_at = ?, success = ?, reward = ?, estimated_success = ?, steps = ?, "
                + "reason = ? WHERE run = ? AND episode = ?"
        case .reflection: return "INSERT OR IGNORE INTO reflections (\(columns)) VALUES (\(marks))"
        case .modelCall: return "INSERT INTO model_calls (\(columns)) VALUES (\(marks))"
        case .runEnded: return "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?"
        }
    }

    /// Records how far each run's log has reached and that its writer was alive at `time`.
    func markProgress(run: RunID, lastSeq: Int64, time: Double) throws {
        try db.cachedStatement(sql: "UPDATE runs SET last_seq = ?, heartbeat_at = ? WHERE id = ?")
            .execute(arguments: [lastSeq, time, run])
    }
}
