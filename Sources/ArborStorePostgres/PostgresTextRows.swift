import ArborStore

/// How text blobs go into the server, as into a file (``TextChunks``, schema 4): a short text whole in its `blobs` row,
/// a text of ``TextChunks/threshold`` bytes or more cut into chunks stored once each in `chunks`, its `blobs` row
/// listing them, so a page that a hundred prompts repeat is stored once. The writer's batches and a copied run both
/// write through here; a text the server already has is kept as it is.
extension PostgresSession {
    /// Rows a statement: 500 rows of two columns stay well under PostgreSQL's 65,535 parameters.
    static let textRowsPerStatement = 500

    /// Stores each `(hash, text)` the server lacks, inside the caller's transaction.
    func storeTexts(_ texts: [(hash: String, text: String)]) throws(StoreError) {
        let long = texts.filter { $0.text.utf8.count >= TextChunks.threshold }
        try insertRows(
            "blobs (hash, text)",
            texts.filter { $0.text.utf8.count < TextChunks.threshold }.map { [.text($0.hash), .text($0.text)] })
        guard !long.isEmpty else { return }
        // A prompt is often written again (the same request sampled twice); cutting it again would be wasted.
        let marks = (1...long.count).map { "$\($0)" }.joined(separator: ", ")
        let present = Set(
            try query("SELECT hash FROM blobs WHERE hash IN (\(marks))", long.map { .text($0.hash) }).compactMap {
                $0["hash"]?.text
            })
        var chunks: [String: [UInt8]] = [:]
        var lists: [[StoreValue]] = []
        for (hash, text) in long where !present.contains(hash) {
            let bytes = Array(text.utf8)
            let cut = bytes.withUnsafeBufferPointer { TextChunks($0) }
            for chunk in cut.chunks where chunks[chunk.hash] == nil { chunks[chunk.hash] = Array(bytes[chunk.range]) }
            lists.append([.text(hash), .text(cut.list)])
        }
        try insertRows(
            "chunks (hash, bytes)", chunks.sorted { $0.key < $1.key }.map { [.text($0.key), .bytes($0.value)] })
        for start in stride(from: 0, to: lists.count, by: Self.textRowsPerStatement) {
            let part = lists[start..<min(start + Self.textRowsPerStatement, lists.count)]
            let tuples = (0..<part.count).map { "($\(2 * $0 + 1), '', $\(2 * $0 + 2))" }.joined(separator: ", ")
            try execute(
                "INSERT INTO blobs (hash, text, chunks) VALUES \(tuples) ON CONFLICT DO NOTHING", part.flatMap { $0 })
        }
    }

    /// Inserts `(hash, bytes)` rows into `table`, the second column sent as BYTEA, keeping rows the server has.
    private func insertRows(_ table: String, _ rows: [[StoreValue]]) throws(StoreError) {
        for start in stride(from: 0, to: rows.count, by: Self.textRowsPerStatement) {
            let part = rows[start..<min(start + Self.textRowsPerStatement, rows.count)]
            let tuples = (0..<part.count).map { "($\(2 * $0 + 1), $\(2 * $0 + 2))" }.joined(separator: ", ")
            try execute(
                "INSERT INTO \(table) VALUES \(tuples) ON CONFLICT DO NOTHING", part.flatMap { $0 },
                bytes: Set((0..<part.count).map { 2 * $0 + 2 }))
        }
    }
}
