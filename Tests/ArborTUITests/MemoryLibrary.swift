import ArborCore
import ArborTUI

/// A run library over logs held in memory, for driving the front end without a database.
struct MemoryLibrary: RunLibrary {
    var logs: [RunID: [EventRecord]]
    var texts: [BlobRef: String]
    var started: Double = 1_764_000_000

    func runs() throws -> [RunListing] {
        try logs.keys.sorted().map { id in
            let state = try RunState(logs[id]!)
            let ended = state.orderedEpisodes.compactMap(\.outcome)
            return RunListing(
                id: id, started: started, environment: state.started?.environment ?? "",
                model: state.started?.model ?? "", method: state.started?.method ?? "", status: state.status,
                episodes: state.episodes.count, successes: ended.filter(\.success).count)
        }
    }

    func events(run: RunID, from seq: Int64, limit: Int) throws -> [EventRecord] {
        Array((logs[run] ?? []).filter { $0.seq >= seq }.prefix(limit))
    }

    func text(_ ref: BlobRef) -> String? { texts[ref] }

    func follow(run: RunID, from seq: Int64) -> AsyncThrowingStream<EventRecord, any Error> {
        AsyncThrowingStream { continuation in
            for record in (logs[run] ?? []) where record.seq >= seq { continuation.yield(record) }
            continuation.finish()
        }
    }
}
