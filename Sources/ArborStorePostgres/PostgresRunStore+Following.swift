import ArborCore
import ArborStore
import Dispatch
import Foundation
import Synchronization

/// Following a run on the server by `LISTEN`/`NOTIFY`: the writer notifies ``PostgresBatchCommitter/channel`` once
/// per committed batch, and a follower reads what is new when told, never polling the events table.
extension PostgresRunStore {
    /// How long a follower waits for a notification before it looks at its cancellation and the writer's heartbeat.
    static let followerWake = 0.25

    public func tailStored(run: RunID, from: Int64 = 1, endingWithWriter: Bool = false)
        -> AsyncThrowingStream<StoredEvent, any Error>
    {
        let (stream, continuation) = AsyncThrowingStream<StoredEvent, any Error>.makeStream()
        let follower = Follower()
        continuation.onTermination = { _ in follower.cancel() }
        let address = address
        // A thread of its own: each read waits on the server, and between reads it waits for a notification.
        let thread = Thread {
            do {
                try follower.run(address: address, run: run, from: from, endingWithWriter: endingWithWriter) {
                    stored throws(StoreError) in continuation.yield(stored)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "arbor.store.follow"
        thread.start()
        return stream
    }
}

/// One follower's connection and its wake-ups: a notification for its run, or its consumer going away.
private final class Follower: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)

    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        wake.signal()
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    func run(
        address: PostgresLocation, run: RunID, from: Int64, endingWithWriter: Bool,
        deliver: (StoredEvent) throws(StoreError) -> Void
    ) throws(StoreError) {
        let session = try PostgresSession.connect(address)
        defer { session.close() }
        // Listening before the first read, so nothing committed between the two is missed.
        let prefix = "\(run) "
        let listener = session.connection.addListener(channel: PostgresBatchCommitter.channel) { [wake] _, note in
            if note.payload.hasPrefix(prefix) { wake.signal() }
        }
        defer { listener.stop() }
        try session.execute("LISTEN \(PostgresBatchCommitter.channel)")
        guard !(try session.query("SELECT 1 AS found FROM runs WHERE id = $1", [.integer(run)])).isEmpty else {
            throw .unknownRun(run)
        }
        let batch = 1000
        var next = from
        while !isCancelled {
            let events = try read(session, run: run, from: next, limit: batch)
            for event in events {
                try deliver(event)
                next = event.seq + 1
                if event.kind == EventKind.runEnded.rawValue { return }
            }
            if events.count == batch { continue }
            if wake.wait(timeout: .now() + PostgresRunStore.followerWake) == .success {
                // Several notifications may have come at once: one read answers them all.
                while wake.wait(timeout: .now()) == .success {}
                continue
            }
            if endingWithWriter, let pid = try goneWriter(session, run: run) {
                // Whatever it committed before it stopped is delivered first.
                for event in try read(session, run: run, from: next, limit: Int(Int32.max)) {
                    try deliver(event)
                    next = event.seq + 1
                    if event.kind == EventKind.runEnded.rawValue { return }
                }
                throw .writerGone(run: run, pid: pid, lastSeq: next - 1)
            }
        }
    }

    private func read(_ session: PostgresSession, run: RunID, from: Int64, limit: Int) throws(StoreError)
        -> [StoredEvent]
    {
        try session.query(
            "SELECT seq, time, kind, episode, node, payload FROM events WHERE run = $1 AND seq >= $2 ORDER BY seq "
                + "LIMIT $3",
            [.integer(run), .integer(from), .integer(Int64(limit))]
        ).map { StoredEvent(run: run, row: $0) }
    }

    /// The writer's process id when the run is still `running` but its writer has not been heard from (events or
    /// heartbeat) for ``PostgresRunStore/silentWriterSeconds``; nil otherwise.
    private func goneWriter(_ session: PostgresSession, run: RunID) throws(StoreError) -> Int32? {
        guard
            let row = try session.query(
                "SELECT status, writer_pid, COALESCE(heartbeat_at, started_at) AS heard FROM runs WHERE id = $1",
                [.integer(run)]
            ).first, row["status"]?.text == RunStatus.running.rawValue
        else { return nil }
        let silent = Date().timeIntervalSince1970 - (row["heard"]?.real ?? 0) > PostgresRunStore.silentWriterSeconds
        return silent ? Int32(row["writer_pid"]?.integer ?? 0) : nil
    }
}
