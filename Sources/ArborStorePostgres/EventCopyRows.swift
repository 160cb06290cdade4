import ArborCore
import ArborStore

/// A batch's events as `COPY` rows of the `events` table, encoded ``chunkRows`` at a time, so that the server stores
/// one chunk while the writer encodes the next. Encoding also gathers what else the batch writes: the texts and images
/// the server may lack, the derived rows, and each run's last seq.
///
/// `@unchecked Sendable`: the `COPY` that asks for the chunks runs on the writer's thread (``PostgresSession``'s
/// waiting executor), one chunk after another, and the writer reads the gathered rows only after the `COPY` returns.
final class EventCopyRows: @unchecked Sendable {
    /// About 100 KB of rows: large enough that a chunk's trip to the server costs little beside encoding it.
    static let chunkRows = 256
    static let columns = ["run", "seq", "kind", "episode", "node", "time", "payload"]

    private let batch: [StampedEvent]
    /// Each run's next seq, from the server (``PostgresBatchCommitter``).
    private var nextSeq: [RunID: Int64]
    private let stored: StoredHashes
    private var position = 0
    private var encoder = EventEncoder()
    private(set) var texts: [String: String] = [:]
    private(set) var images: [String: EncodedImage] = [:]
    private(set) var derived: [DerivedRow] = []
    /// Each run's last seq in the batch.
    private(set) var reached: [RunID: Int64] = [:]

    init(_ batch: [StampedEvent], firstSeq: [RunID: Int64], stored: StoredHashes) {
        self.batch = batch
        self.nextSeq = firstSeq
        self.stored = stored
    }

    /// The next chunk's rows; nil when every event is encoded.
    func nextChunk() -> CopyText? {
        guard position < batch.count else { return nil }
        let end = min(position + Self.chunkRows, batch.count)
        var rows = CopyText()
        for index in position..<end { encode(batch[index], into: &rows) }
        position = end
        return rows
    }

    private func encode(_ appended: StampedEvent, into rows: inout CopyText) {
        let seq = nextSeq[appended.run] ?? appended.seq
        nextSeq[appended.run] = seq + 1
        // A run one process writes alone keeps the seqs it stamped; only workers sharing a run get others.
        let item =
            seq == appended.seq
            ? appended
            : StampedEvent(
                run: appended.run, seq: seq, time: appended.time, event: appended.event, blobs: appended.blobs)
        let event = encoder.encode(item)
        rows.append(field: .integer(item.run))
        rows.append(field: .integer(seq))
        rows.append(field: .text(event.kind.rawValue))
        rows.append(field: event.episode.map { .integer(Int64($0)) } ?? .null)
        rows.append(field: event.node.map { .integer(Int64($0.rawValue)) } ?? .null)
        rows.append(field: .real(item.time))
        rows.append(json: encoder.payload)
        rows.endRow()
        for blob in item.blobs where !stored.contains(blob.ref.rawValue) {
            switch blob.content {
            case .text(let text): texts[blob.ref.rawValue] = text
            case .image(let image): images[blob.ref.rawValue] = image
            }
        }
        if let row = encoder.derivedRow(of: event, item) { derived.append(row) }
        reached[item.run] = seq
    }
}
