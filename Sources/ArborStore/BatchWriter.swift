import ArborCore
import Dispatch
import Foundation
import Synchronization

/// The store's one writer: events are appended to a buffer under a lock (never waiting on the disk or the network),
/// and a thread of its own commits them in batches through the backend's ``BatchCommitter``, one transaction per
/// batch, every ``batchSize`` events or ``batchDelay``, whichever comes first. Several runs share it; each run's
/// events get consecutive seqs in the order appended.
package final class BatchWriter: Sendable {
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
    private let committer: any BatchCommitter
    private let clock: @Sendable () -> Double

    package init(committer: any BatchCommitter, clock: @escaping @Sendable () -> Double) {
        self.committer = committer
        self.clock = clock
    }

    package func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "arbor.store.writer"
        thread.start()
    }

    /// Opens a run for appending; its next event gets `nextSeq`.
    package func register(run: RunID, nextSeq: Int64) {
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

    package func isOpen(_ run: RunID) -> Bool { state.withLock { $0.nextSeq[run] != nil } }

    /// Returns once everything appended before the call is committed, or throws why it could not be.
    package func flush() throws(StoreError) {
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
            s.committed >= target ? nil : (s.lastError ?? committer.stoppedError())
        }
        if let failure { throw failure }
    }

    /// Commits what is pending and ends the thread.
    package func stop() {
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
        var lastBeat = DispatchTime.now()
        while true {
            switch nextStep() {
            case .exit:
                stoppedSignal.signal()
                return
            case .wait(let due):
                guard let interval = committer.heartbeatInterval else {
                    _ = wake.wait(timeout: due ?? .distantFuture)
                    continue
                }
                let beat = lastBeat + .milliseconds(Int(interval * 1000))
                if wake.wait(timeout: min(due ?? beat, beat)) == .timedOut, DispatchTime.now() >= beat {
                    let open = state.withLock { Array($0.nextSeq.keys) }
                    if !open.isEmpty { try? committer.heartbeat(runs: open, at: Date().timeIntervalSince1970) }
                    lastBeat = .now()
                }
            case .commit(let batch):
                do throws(StoreError) {
                    try committer.commit(batch)
                    lastBeat = .now()
                    state.withLock { s in
                        s.committed += Int64(batch.count)
                        s.lastError = nil
                        let done = s.waiters.filter { $0.target <= s.committed }
                        s.waiters.removeAll { $0.target <= s.committed }
                        for waiter in done { waiter.signal.signal() }
                    }
                } catch {
                    let giveUp = state.withLock { s in
                        s.lastError = error
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

    /// Tidies up after runs have ended (see ``BatchCommitter/checkpoint()``).
    package func checkpoint() { committer.checkpoint() }
}
