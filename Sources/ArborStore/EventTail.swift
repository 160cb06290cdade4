import ArborCore
import Foundation
import GRDB
import Synchronization

/// Following a run while another connection (this process's writer, or another process) writes it.
extension RunStore {
    /// How often a tail asks SQLite whether anything was committed (`PRAGMA data_version`, which costs no I/O).
    static let tailInterval: TimeInterval = 0.02

    /// How often a tail that ends with its writer asks whether the writer process is still alive, while idle.
    static let writerCheckInterval: TimeInterval = 0.5

    /// Events of `run` from seq `from` on (see ``RunStorage/tailStored(run:from:endingWithWriter:)``), each new one
    /// within about ``tailInterval`` of its commit: SQLite cannot notify another process, so the tail asks.
    public func tailStored(run: RunID, from: Int64 = 1, endingWithWriter: Bool = false)
        -> AsyncThrowingStream<StoredEvent, any Error>
    {
        let (stream, continuation) = AsyncThrowingStream<StoredEvent, any Error>.makeStream()
        let cancelled = TailCancellation()
        continuation.onTermination = { _ in cancelled.flag.store(true, ordering: .relaxed) }
        let path = path
        // A thread of its own, because each poll blocks on SQLite and sleeps between polls.
        let thread = Thread {
            do {
                try Self.poll(
                    path: path, run: run, from: from, endingWithWriter: endingWithWriter, cancelled: cancelled
                ) { stored throws(StoreError) in
                    continuation.yield(stored)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "arbor.store.tail"
        thread.start()
        return stream
    }

    /// Delivers events of `run` from `from` until `runEnded` or cancellation, on a read connection of its own.
    private static func poll(
        path: String, run: RunID, from: Int64, endingWithWriter: Bool, cancelled: TailCancellation,
        deliver: (StoredEvent) throws(StoreError) -> Void
    ) throws {
        // Its own connection, which leaves nothing beside a file no writer has open (see ViewerConnection).
        let viewer = try ViewerConnection(path: path)
        var queue = try viewer.pool()
        defer { try? queue.close() }
        guard
            try queue.read({ db in try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [run]) })
                != nil
        else { throw StoreError.unknownRun(run) }

        let batch = 1000
        var next = from
        var seenVersion: Int64?
        var lastWriterCheck = Date()
        while !cancelled.flag.load(ordering: .relaxed) {
            let current = try viewer.pool()
            if current !== queue {
                // data_version counts per connection: a new one starts afresh.
                try? queue.close()
                queue = current
                seenVersion = nil
            }
            let (version, events) = try queue.read { db -> (Int64?, [StoredEvent]) in
                let version = try Int64.fetchOne(db, sql: "PRAGMA data_version")
                guard version != seenVersion else { return (version, []) }
                return (version, try fetchEvents(db, run: run, from: next, limit: batch))
            }
            for event in events {
                try deliver(event)
                next = event.seq + 1
                if event.kind == EventKind.runEnded.rawValue { return }
            }
            // A full batch means more may be waiting under the same data_version: read again at once.
            seenVersion = events.count == batch ? nil : version
            if endingWithWriter, events.isEmpty, Date().timeIntervalSince(lastWriterCheck) >= writerCheckInterval {
                lastWriterCheck = Date()
                if let gone = try queue.read({ db in try goneWriter(db, run: run) }) {
                    // Whatever it committed before dying is delivered first.
                    let rest = try queue.read { db in try fetchEvents(db, run: run, from: next, limit: .max) }
                    for event in rest {
                        try deliver(event)
                        next = event.seq + 1
                        if event.kind == EventKind.runEnded.rawValue { return }
                    }
                    throw StoreError.writerGone(run: run, pid: gone.pid, lastSeq: next - 1)
                }
            }
            if events.count < batch { Thread.sleep(forTimeInterval: tailInterval) }
        }
    }
}

extension RunStore {
    /// The writer of `run` when it is still `running` but its process is gone; nil otherwise.
    static func goneWriter(_ db: Database, run: RunID) throws -> WriterIdentity? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT status, writer_pid, writer_token FROM runs WHERE id = ?", arguments: [run]),
            row["status"] as String == RunStatus.running.rawValue
        else { return nil }
        let writer = WriterIdentity(pid: Int32(row["writer_pid"] as Int? ?? 0), token: row["writer_token"] ?? "")
        return writer.isAlive ? nil : writer
    }
}

/// Set when the consumer of a tail goes away, so the polling thread stops.
final class TailCancellation: Sendable {
    let flag = Atomic<Bool>(false)
}
