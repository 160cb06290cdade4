import CCurl
import Foundation

/// What callers hand the curl engine's thread: new transfers, cancellations, the order to stop. The only state
/// the engine shares across threads.
///
/// `@unchecked Sendable` because every field is read and written under `lock`, and the multi handle is only used
/// here for `curl_multi_wakeup`, which libcurl documents as callable from any thread.
final class EngineInbox: @unchecked Sendable {
    struct Submission {
        let id: UInt64
        let request: HTTPRequest
        let continuation: AsyncThrowingStream<HTTPEvent, any Error>.Continuation
    }

    struct Drained {
        var submissions: [Submission] = []
        var cancellations: [UInt64] = []
        var stopping = false
    }

    private let lock = NSLock()
    private var multi: UnsafeMutableRawPointer?
    private var pending = Drained()
    private var lastID: UInt64 = 0

    init(multi: UnsafeMutableRawPointer?) {
        self.multi = multi
    }

    func nextID() -> UInt64 {
        lock.withLock {
            lastID += 1
            return lastID
        }
    }

    /// Queues a transfer; once the engine has stopped, fails it at once.
    func submit(_ submission: Submission) {
        let accepted = lock.withLock {
            guard !pending.stopping, let multi else { return false }
            pending.submissions.append(submission)
            curl_multi_wakeup(multi)
            return true
        }
        if !accepted { submission.continuation.finish(throwing: CurlEngineError.stopped) }
    }

    func cancel(_ id: UInt64) {
        lock.withLock {
            guard let multi else { return }
            pending.cancellations.append(id)
            curl_multi_wakeup(multi)
        }
    }

    func stop() {
        lock.withLock {
            pending.stopping = true
            if let multi { curl_multi_wakeup(multi) }
        }
    }

    /// Everything queued since the last call.
    func drain() -> Drained {
        lock.withLock {
            let out = pending
            pending = Drained(stopping: pending.stopping)
            return out
        }
    }

    /// Called by the engine thread as it exits, before it frees the multi handle: no wakeup may follow.
    func detachMulti() {
        lock.withLock { multi = nil }
    }
}

/// The engine itself failed, as opposed to one transfer.
public enum CurlEngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The engine was shut down before the request could run.
    case stopped
    /// libcurl could not create a handle (out of memory, or a broken libcurl install).
    case initialisationFailed(String)

    public var description: String {
        switch self {
        case .stopped: "the HTTP engine was shut down before the request ran; create a new client to go on"
        case .initialisationFailed(let what): "libcurl could not be initialised (\(what)); check the libcurl install"
        }
    }
}
