import ArborCore
import ArborTUI

/// A run library over one log held in memory, for benchmarking the front end without a database.
struct MemoryRunLibrary: RunLibrary {
    let run: RunID
    /// The log; `records[i].seq == i + 1`.
    let records: [EventRecord]
    let texts: [BlobRef: String]
    /// Image blobs (screenshots) by reference.
    var images: [BlobRef: EncodedImage] = [:]

    func runs() throws -> [RunListing] {
        [
            RunListing(
                id: run, started: 0, environment: "synthetic", model: "offline", method: "rmcts-debate",
                status: .running, episodes: 1, successes: 0)
        ]
    }

    func events(run: RunID, from seq: Int64, limit: Int) throws -> [EventRecord] {
        guard run == self.run else { return [] }
        let start = max(0, Int(seq) - 1)
        guard start < records.count else { return [] }
        return Array(records[start..<min(records.count, start + limit)])
    }

    func text(_ ref: BlobRef) -> String? { texts[ref] }

    func image(_ ref: BlobRef) -> EncodedImage? { images[ref] }

    func follow(run: RunID, from seq: Int64) -> AsyncThrowingStream<EventRecord, any Error> {
        AsyncThrowingStream { $0.finish() }
    }
}
