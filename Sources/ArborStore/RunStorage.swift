import ArborCore

/// What the commands use of a store, whichever engine holds it: SQLite (``RunStore``) or PostgreSQL (the
/// ArborStorePostgres target). Open one by its location with `RunStores.open`.
public protocol RunStorage: AnyObject, Sendable {
    /// The file's path or the server's URL without its password, for messages.
    var location: String { get }
    /// Whether the store records runs or only shows them.
    var mode: RunStore.Mode { get }
    /// Every run, oldest first, with its episode counts.
    func runs() throws(StoreError) -> [RunSummary]
    /// One run, or ``StoreError/unknownRun(_:)``.
    func run(_ id: RunID) throws(StoreError) -> RunSummary
    /// Up to `limit` events of `run` with seq ≥ `from`, in order, as stored.
    func storedEvents(run: RunID, from: Int64, limit: Int) throws(StoreError) -> [StoredEvent]
    /// The text behind a blob reference, or nil when the store does not have it.
    func blob(_ ref: BlobRef) throws(StoreError) -> String?
    /// The image behind a blob reference, or nil when the store does not have it.
    func image(_ ref: BlobRef) throws(StoreError) -> EncodedImage?
    /// The annotations of `run` (of every run when nil), optionally of one episode, oldest first: the current
    /// versions only, or every version with `history`.
    func annotations(run: RunID?, episode: Int?, history: Bool) throws(StoreError) -> [Annotation]
    /// The run's model calls summed by role and model, in the order each pair was first called.
    func callTotals(run: RunID) throws(StoreError) -> [RoleCallTotals]
    /// Lessons of the runs `source` names, oldest first, for a new run on `environment` to start with.
    func reflections(kind: ReflectionKind?, from source: LessonSource, environment: String) throws(StoreError)
        -> [Reflection]
    /// One lesson by id, with the run and episode that made it.
    func reflection(id: String) throws(StoreError) -> (reflection: Reflection, run: RunID, episode: Int)?
    /// Records a new annotation (see ``RunStore/annotate(run:episode:node:path:label:note:tags:author:at:)``).
    func annotate(
        run: RunID, episode: Int?, node: NodeID?, path: [NodeID]?, label: String?, note: String?, tags: [String],
        author: String, at time: Double
    ) throws(AnnotationError) -> Annotation
    /// Edits the current version of annotation `id`: a new row that supersedes it.
    func editAnnotation(
        _ id: Int64, label: String?, note: String?, tags: [String]?, author: String, at time: Double
    ) throws(AnnotationError) -> Annotation
    /// Every row of `run`, for a copy.
    func rows(of run: RunID) throws(StoreError) -> RunRows
    /// Adds a copied run under a new id, in one transaction, and returns the id.
    func insert(_ rows: RunRows) throws(StoreError) -> RunID
    /// Ends the connection; the store cannot be used after.
    func close()
    /// Events of `run` from seq `from` on, as stored: those already committed, then each new one soon after its
    /// commit, read on a connection of the follower's own. The stream ends after the run's `runEnded` event; cancel
    /// it to stop sooner. With `endingWithWriter`, a run whose writer is found gone without ending it ends the
    /// stream, after every event it committed, with ``StoreError/writerGone(run:pid:lastSeq:)``.
    func tailStored(run: RunID, from: Int64, endingWithWriter: Bool) -> AsyncThrowingStream<StoredEvent, any Error>

    // MARK: Recording, through a store opened for writing

    /// Starts recording a run: writes its `runs` row (with the writer's identity and a first heartbeat) and its
    /// `runStarted` event (seq 1) before returning, so readers see the run at once. The recorder appends the rest,
    /// committed in batches by the store's writer. `blobs` are the texts `started` refers to (its prompt templates).
    func startRun(_ started: RunStarted, blobs: [Blob]) throws(StoreError) -> RunRecorder
    /// Waits until every event appended so far, to any run, is committed.
    func flush() throws(StoreError)
    /// Queues a control command for `run` (see ``ControlCommand``) and returns its id, its place in the order.
    func enqueueCommand(
        run: RunID, kind: String, episode: Int?, node: NodeID?, value: Double?, note: String?, author: String,
        at time: Double
    ) throws(StoreError) -> Int64
    /// Takes every command for `run` nobody has taken yet, oldest first, marking them taken.
    func takeCommands(run: RunID, at time: Double) throws(StoreError) -> [ControlCommand]
    /// Records what came of command `id`: `done` or `refused: why`. Marks it taken if it was not.
    func acknowledge(command id: Int64, outcome: String, at time: Double) throws(StoreError)
    /// Command `id` as it stands now, or nil if there is none.
    func command(_ id: Int64) throws(StoreError) -> ControlCommand?
    /// Every command of `run`, oldest first.
    func commands(run: RunID) throws(StoreError) -> [ControlCommand]
    /// The run's flattened search configuration, as recorded when it started.
    func runConfig(_ run: RunID) throws(StoreError) -> [String: String]
    /// The model response cached for `key`, or nil.
    func cachedResponse(for key: String) throws(StoreError) -> String?
    /// Keeps `response` for `key` (the first answer stays when two race).
    func cacheResponse(_ response: String, for key: String, at time: Double) throws(StoreError)
}

extension RunStorage {
    /// Up to `limit` events of `run` with seq ≥ `from`, decoded. Read a long log batch by batch, each from the
    /// last seq plus one.
    public func events(run: RunID, from: Int64 = 1, limit: Int = 10_000) throws(StoreError) -> [EventRecord] {
        var records: [EventRecord] = []
        for stored in try storedEvents(run: run, from: from, limit: limit) { records.append(try stored.record()) }
        return records
    }

    /// ``tailStored(run:from:endingWithWriter:)``, each event decoded.
    public func tail(run: RunID, from: Int64 = 1, endingWithWriter: Bool = false)
        -> AsyncThrowingStream<EventRecord, any Error>
    {
        let stored = tailStored(run: run, from: from, endingWithWriter: endingWithWriter)
        let (stream, continuation) = AsyncThrowingStream<EventRecord, any Error>.makeStream()
        let decoding = Task {
            do {
                for try await event in stored { continuation.yield(try event.record()) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        // Cancelling the decoding ends the stored stream's iteration, which stops the follower.
        continuation.onTermination = { _ in decoding.cancel() }
        return stream
    }

    /// The whole log of `run`, read in batches.
    public func log(run: RunID) throws(StoreError) -> [EventRecord] {
        var records: [EventRecord] = []
        while true {
            let batch = try events(run: run, from: (records.last?.seq ?? 0) + 1)
            records += batch
            if batch.count < 10_000 { return records }
        }
    }
}
