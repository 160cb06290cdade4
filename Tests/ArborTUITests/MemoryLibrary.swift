import ArborCore
import ArborTUI
import Synchronization

/// A run library over logs held in memory, for driving the front end without a database.
struct MemoryLibrary: RunLibrary {
    var logs: [RunID: [EventRecord]]
    var texts: [BlobRef: String]
    /// Image blobs (screenshots) by reference.
    var images: [BlobRef: EncodedImage] = [:]
    var started: Double = 1_764_000_000
    /// Lessons as a store keeps them, across runs.
    var lessons: [String: StoredLesson] = [:]
    /// The workers and queue the runs list shows, when the test gives some.
    var workers: Fleet?
    let marks = AnnotationShelf()

    func runs() throws -> [RunListing] {
        try logs.keys.sorted().map { id in
            let state = try RunState(logs[id]!)
            let ended = state.orderedEpisodes.compactMap(\.outcome)
            return RunListing(
                id: id, started: started, environment: state.started?.environment ?? "",
                model: state.started?.model ?? "", method: state.started?.method ?? "", status: state.status,
                episodes: state.episodes.count, successes: ended.filter(\.success).count, parent: state.started?.parent)
        }
    }

    func events(run: RunID, from seq: Int64, limit: Int) throws -> [EventRecord] {
        Array((logs[run] ?? []).filter { $0.seq >= seq }.prefix(limit))
    }

    func text(_ ref: BlobRef) -> String? { texts[ref] }

    func image(_ ref: BlobRef) -> EncodedImage? { images[ref] }

    func lesson(id: String) -> StoredLesson? { lessons[id] }

    func fleet() -> Fleet? { workers }

    func annotations(run: RunID) throws -> [Annotation] { marks.all.filter { $0.run == run } }

    func annotate(
        run: RunID, episode: Int, node: NodeID, path: [NodeID]?, label: String?, note: String?, author: String
    )
        throws -> Annotation
    {
        marks.add(
            Annotation(
                id: Int64(marks.all.count + 1), run: run, episode: episode, node: node, path: path, label: label,
                note: note, author: author, createdAt: 0))
    }

    func follow(run: RunID, from seq: Int64) -> AsyncThrowingStream<EventRecord, any Error> {
        AsyncThrowingStream { continuation in
            for record in (logs[run] ?? []) where record.seq >= seq { continuation.yield(record) }
            continuation.finish()
        }
    }
}

/// Annotations kept in memory for a test library.
final class AnnotationShelf: Sendable {
    private let annotations = Mutex<[Annotation]>([])
    var all: [Annotation] { annotations.withLock { $0 } }
    func add(_ annotation: Annotation) -> Annotation {
        annotations.withLock { $0.append(annotation) }
        return annotation
    }
}

extension [BlobRef: String] {
    /// The texts of `blobs` by reference, as a library serves them.
    static func of(_ blobs: [Blob]) -> Self {
        Dictionary(uniqueKeysWithValues: blobs.compactMap { blob in blob.text.map { (blob.ref, $0) } })
    }
}
