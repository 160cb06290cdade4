import ArborCore

/// What the commands use of a store, whichever engine holds it: SQLite (``RunStore``) or PostgreSQL (the
/// ArborStorePostgres target). Open one by its location with `RunStores.open`.
public protocol RunStorage: AnyObject, Sendable {
    /// The file's path or the server's URL without its password, for messages.
    var location: String { get }
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
}

extension RunStorage {
    /// Up to `limit` events of `run` with seq ≥ `from`, decoded. Read a long log batch by batch, each from the
    /// last seq plus one.
    public func events(run: RunID, from: Int64 = 1, limit: Int = 10_000) throws(StoreError) -> [EventRecord] {
        var records: [EventRecord] = []
        for stored in try storedEvents(run: run, from: from, limit: limit) { records.append(try stored.record()) }
        return records
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
