import Synchronization

/// Where a search writes its log. `append` must not block on I/O: a store buffers and commits in the background.
/// Each large text or image an event refers to travels beside it as a ``Blob``.
public protocol EventSink: Sendable {
    func append(_ event: Event, blobs: [Blob])
}

extension EventSink {
    public func append(_ event: Event) { append(event, blobs: []) }
}

/// A sink that keeps everything in memory: for tests, and for searches nobody records.
public final class MemorySink: EventSink {
    private struct Contents {
        var records: [EventRecord] = []
        var blobs: [BlobRef: Blob] = [:]
    }
    private let contents = Mutex(Contents())
    private let clock: @Sendable () -> Double

    /// `clock` stamps each record; the default stamps 0 so that logs compare equal.
    public init(clock: @escaping @Sendable () -> Double = { 0 }) { self.clock = clock }

    public func append(_ event: Event, blobs: [Blob]) {
        let time = clock()
        contents.withLock {
            $0.records.append(EventRecord(seq: Int64($0.records.count + 1), time: time, event: event))
            for blob in blobs { $0.blobs[blob.ref] = blob }
        }
    }

    public var records: [EventRecord] { contents.withLock { $0.records } }
    public var events: [Event] { contents.withLock { $0.records.map(\.event) } }
    public func text(_ ref: BlobRef) -> String? { contents.withLock { $0.blobs[ref]?.text } }
    public func image(_ ref: BlobRef) -> EncodedImage? { contents.withLock { $0.blobs[ref]?.image } }
}

/// A sink that drops everything: for measuring the engine alone.
public struct DiscardingSink: EventSink {
    public init() {}
    public func append(_ event: Event, blobs: [Blob]) {}
}
