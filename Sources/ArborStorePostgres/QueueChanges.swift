import Synchronization

/// Wakes a worker that waits for work when the queue changes: another worker ended or gave back an episode, a stale
/// claim went back to the queue, or a run was enqueued (each sends `NOTIFY` on ``EpisodeQueue/channel``). A change
/// that comes while nobody waits is kept for the next wait, so none is missed between a look at the queue and the
/// wait after it.
final class QueueChanges: Sendable {
    private struct State {
        var changed = false
        var waiter: (id: Int, continuation: CheckedContinuation<Bool, Never>)?
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Records a change, waking the waiter if there is one.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard let waiter = state.waiter else {
                state.changed = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume(returning: true)
    }

    /// Returns true at the first change since the last wait, or false after `timeout` without one.
    func wait(timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            let id = state.withLock { state -> Int? in
                guard !state.changed else {
                    state.changed = false
                    return nil
                }
                state.nextID += 1
                state.waiter = (state.nextID, continuation)
                return state.nextID
            }
            guard let id else { return continuation.resume(returning: true) }
            Task {
                try? await Task.sleep(for: timeout)
                let expired = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                    guard let waiter = state.waiter, waiter.id == id else { return nil }
                    state.waiter = nil
                    return waiter.continuation
                }
                expired?.resume(returning: false)
            }
        }
    }
}
