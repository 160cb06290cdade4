import ArborCore
import ArborStore
import ArborStorePostgres
import ArborTUI
import Foundation

/// The front end's view of a run store.
struct StoreLibrary: RunLibrary {
    let store: any RunStorage
    /// Where the store is, as the user named it (a URL keeps its password), to open a writer there.
    let location: String
    /// The store's episode queue, when it has one: its workers and counts show under the runs list.
    var queue: EpisodeQueue? = nil

    func fleet() -> Fleet? { queue.flatMap { try? Fleet(reading: $0) } }

    func runs() throws -> [RunListing] {
        try store.runs().map {
            RunListing(
                id: $0.id, started: $0.startedAt, environment: $0.environmentName, model: $0.model, method: $0.method,
                status: $0.status, episodes: $0.episodes, successes: $0.successes, parent: $0.parent)
        }
    }

    func events(run: RunID, from seq: Int64, limit: Int) throws -> [EventRecord] {
        try store.events(run: run, from: seq, limit: limit)
    }

    func text(_ ref: BlobRef) -> String? { try? store.blob(ref) }

    func image(_ ref: BlobRef) -> EncodedImage? { (try? store.image(ref)) ?? nil }

    func lesson(id: String) -> StoredLesson? {
        guard let found = try? store.reflection(id: id) else { return nil }
        return StoredLesson(reflection: found.reflection, run: found.run, episode: found.episode)
    }

    /// Ends with an error when the run's writer is found gone (killed), so the front end stops saying LIVE.
    func follow(run: RunID, from seq: Int64) -> AsyncThrowingStream<EventRecord, any Error> {
        store.tail(run: run, from: seq, endingWithWriter: true)
    }

    func annotations(run: RunID) throws -> [Annotation] {
        try store.annotations(run: run, episode: nil, history: false)
    }

    /// A viewer's store is read-only: an annotation is written through a writable store opened for the purpose.
    func annotate(
        run: RunID, episode: Int, node: NodeID, path: [NodeID]?, label: String?, note: String?, author: String
    )
        throws -> Annotation
    {
        if store.mode == .write {
            return try store.annotate(
                run: run, episode: episode, node: node, path: path, label: label, note: note, tags: [], author: author,
                at: Date().timeIntervalSince1970)
        }
        let writer = try RunStores.open(location, existing: true)
        defer { writer.close() }
        return try writer.annotate(
            run: run, episode: episode, node: node, path: path, label: label, note: note, tags: [], author: author,
            at: Date().timeIntervalSince1970)
    }
}
