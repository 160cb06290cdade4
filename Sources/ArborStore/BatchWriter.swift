import ArborCore
import Dispatch
import Foundation
import GRDB
import Synchronization

/// The store's one writer: events are appended to a buffer under a lock (never waiting on the disk), and a thread of
/// its own commits them in batches, one transaction per batch, every ``batchSize`` events or ``batchDelay``,
/// whichever comes first. Several runs share it; each run's events get consecutive seqs in the order appended.
final class BatchWriter: Sendable {
    static let batchSize = 500
    static let batchDelay = DispatchTimeInterval.milliseconds(50)

    private struct State {
        var pending: [StampedEvent] = []
        /// When the oldest pending event was appended: its batch is due ``batchDelay`` later.
        var firstPendingAt: DispatchTime?
        var nextSeq: [RunID: Int64] = [:]
        var appended: Int64 = 0
        var committed: Int64 = 0
        var flushRequested = false
        var waiters: [(target: Int64, signal: DispatchSemaphore)] = []
        var lastError: StoreError?
        var stopping = false
        var stopped = false
    }

    private enum Step {
        case wait(DispatchTime?)
        case commit([StampedEvent])
        case exit
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let stoppedSignal = DispatchSemaphore(value: 0)
    private let pool: DatabasePool
    private let path: String
    private let clock: @Sendable () -> Double

    init(pool: DatabasePool, path: String, clock: @escaping @Sendable () -> Double) {
        self.pool = pool
        self.path = path
        self.clock = clock
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "arbor.store.writer"
        thread.start()
    }

    /// Opens a run for appending; its next event gets `nextSeq`.
    func register(run: RunID, nextSeq: Int64) {
        state.withLock { $0.nextSeq[run] = nextSeq }
    }

    /// Stamps the event with its run's next seq and queues it. Returns false when the run is not open.
    @discardableResult
    func append(run: RunID, event: Event, blobs: [Blob], closing: Bool = false) -> Bool {
        let time = clock()
        let (accepted, shouldWake) = state.withLock { s -> (Bool, Bool) in
            guard !s.stopping, let seq = s.nextSeq[run] else { return (false, false) }
            if closing { s.nextSeq[run] = nil } else { s.nextSeq[run] = seq + 1 }
            s.pending.append(StampedEvent(run: run, seq: seq, time: time, event: event, blobs: blobs))
            s.appended += 1
            if s.firstPendingAt == nil { s.firstPendingAt = .now() }
            return (true, s.pending.count == 1 || s.pending.count == Self.batchSize)
        }
        if shouldWake { wake.signal() }
        return accepted
    }

    func isOpen(_ run: RunID) -> Bool { state.withLock { $0.nextSeq[run] != nil } }

    /// Returns once everything appended before the call is committed, or throws why it could not be.
    func flush() throws(StoreError) {
        let signal = DispatchSemaphore(value: 0)
        let target: Int64? = state.withLock { s in
            guard s.committed < s.appended else { return nil }
            s.flushRequested = true
            s.waiters.append((s.appended, signal))
            return s.appended
        }
        guard let target else { return }
        wake.signal()
        signal.wait()
        let failure: StoreError? = state.withLock { s in
            s.committed >= target ? nil : (s.lastError ?? .sqlite(path: path, message: "the writer stopped"))
        }
        if let failure { throw failure }
    }

    /// Commits what is pending and ends the thread.
    func stop() {
        let alreadyStopped = state.withLock { s in
            defer { s.stopping = true }
            return s.stopping
        }
        guard !alreadyStopped else { return }
        wake.signal()
        stoppedSignal.wait()
    }

    // MARK: - The writer thread

    private func loop() {
        while true {
            switch nextStep() {
            case .exit:
                stoppedSignal.signal()
                return
            case .wait(let due):
                _ = wake.wait(timeout: due ?? .distantFuture)
            case .commit(let batch):
                do {
                    try commit(batch)
                    state.withLock { s in
                        s.committed += Int64(batch.count)
                        s.lastError = nil
                        let done = s.waiters.filter { $0.target <= s.committed }
                        s.waiters.removeAll { $0.target <= s.committed }
                        for waiter in done { waiter.signal.signal() }
                    }
                } catch {
                    let giveUp = state.withLock { s in
                        s.lastError = .sqlite(path: path, failure: error)
                        for waiter in s.waiters { waiter.signal.signal() }
                        s.waiters.removeAll()
                        // Keep the batch for the next attempt, unless the store is closing.
                        guard !s.stopping else { return true }
                        s.pending.insert(contentsOf: batch, at: 0)
                        s.firstPendingAt = s.firstPendingAt ?? .now()
                        return false
                    }
                    if giveUp {
                        stoppedSignal.signal()
                        return
                    }
                    _ = wake.wait(timeout: .now() + .milliseconds(100))
                }
            }
        }
    }

    private func nextStep() -> Step {
        state.withLock { s in
            guard let first = s.firstPendingAt, !s.pending.isEmpty else {
                s.flushRequested = false
                if s.stopping {
                    s.stopped = true
                    return .exit
                }
                return .wait(nil)
            }
            let due = first + Self.batchDelay
            guard s.pending.count >= Self.batchSize || s.flushRequested || s.stopping || DispatchTime.now() >= due
            else { return .wait(due) }
            let batch = s.pending
            s.pending = []
            s.pending.reserveCapacity(Self.batchSize)
            s.firstPendingAt = nil
            s.flushRequested = false
            return .commit(batch)
        }
    }

    private func commit(_ batch: [StampedEvent]) throws {
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                var rows = try EventRows(db)
                var reached: [RunID: Int64] = [:]
                for item in batch {
                    try rows.write(item)
                    reached[item.run] = item.seq
                }
                // Wall time, not the event clock: the heartbeat says when the writer was last alive.
                let now = Date().timeIntervalSince1970
                for (run, seq) in reached { try rows.markProgress(run: run, lastSeq: seq, time: now) }
                return .commit
            }
        }
    }
}
