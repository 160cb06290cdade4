import ArborCore

/// A run as the runs list shows it.
public struct RunListing: Sendable, Equatable {
    public var id: RunID
    /// Seconds since 1970.
    public var started: Double
    public var environment: String
    public var model: String
    public var method: String
    public var status: RunStatus
    public var episodes: Int
    public var successes: Int
    /// Where a fork branched from; nil for a run of its own.
    public var parent: RunOrigin?
    public init(
        id: RunID, started: Double, environment: String, model: String, method: String, status: RunStatus,
        episodes: Int, successes: Int, parent: RunOrigin? = nil
    ) {
        self.id = id
        self.started = started
        self.environment = environment
        self.model = model
        self.method = method
        self.status = status
        self.episodes = episodes
        self.successes = successes
        self.parent = parent
    }
}

/// Where the front end reads runs from: a run store, or memory in tests. Reads are quick and synchronous; following a
/// live run is a stream.
public protocol RunLibrary: Sendable {
    func runs() throws -> [RunListing]
    func events(run: RunID, from seq: Int64, limit: Int) throws -> [EventRecord]
    func text(_ ref: BlobRef) -> String?
    /// An image blob (a screenshot an observation showed); nil when the library does not have it.
    func image(_ ref: BlobRef) -> EncodedImage?
    /// New events of `run` from `seq` on, as they are committed, until the run ends.
    func follow(run: RunID, from seq: Int64) -> AsyncThrowingStream<EventRecord, any Error>
    /// The current annotations of a run.
    func annotations(run: RunID) throws -> [Annotation]
    /// Marks a node (or, with `path`, the trajectory from the root to it) beside the log, never in it.
    func annotate(
        run: RunID, episode: Int, node: NodeID, path: [NodeID]?, label: String?, note: String?, author: String
    )
        throws -> Annotation
    /// The lesson with this id, from whichever run made it; nil when the library does not have it.
    func lesson(id: String) -> StoredLesson?
    /// The workers and queue of a store whose episodes run on many hosts; nil where there is no queue.
    func fleet() -> Fleet?
}

extension RunLibrary {
    public func image(_ ref: BlobRef) -> EncodedImage? { nil }
    public func annotations(run: RunID) throws -> [Annotation] { [] }
    public func lesson(id: String) -> StoredLesson? { nil }
    public func fleet() -> Fleet? { nil }
    public func annotate(
        run: RunID, episode: Int, node: NodeID, path: [NodeID]?, label: String?, note: String?, author: String
    ) throws -> Annotation {
        throw AnnotationUnavailable()
    }
}

/// This library keeps no annotations.
public struct AnnotationUnavailable: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "annotations are not kept here" }
}

/// A lesson as the library keeps it: the reflection, and the run and episode that made it.
public struct StoredLesson: Sendable, Equatable {
    public var reflection: Reflection
    public var run: RunID
    public var episode: Int
    public init(reflection: Reflection, run: RunID, episode: Int) {
        self.reflection = reflection
        self.run = run
        self.episode = episode
    }
}
