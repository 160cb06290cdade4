import CCurl
import Foundation

/// The engine thread's body: owns the multi handle and every transfer, starts queued requests within each
/// endpoint's cap, drives libcurl, and ends each caller's stream. Nothing here is touched from another thread.
final class TransferLoop {
    private let inbox: EngineInbox
    private let multi: UnsafeMutableRawPointer
    private var active: [UInt64: CurlTransfer] = [:]
    private var activePerEndpoint: [String: Int] = [:]
    /// Requests over their endpoint's cap, oldest first.
    private var waiting: [EngineInbox.Submission] = []

    init(inbox: EngineInbox, multi: UnsafeMutableRawPointer) {
        self.inbox = inbox
        self.multi = multi
    }

    func run() {
        while true {
            let drained = inbox.drain()
            if drained.stopping { break }
            waiting += drained.submissions
            for id in drained.cancellations { cancel(id) }
            startWaiting()
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            if collectFinished() { continue }
            let nextStall = abandonStalled()
            // Sleeps until a socket is ready, libcurl's next timer, the next stall deadline, or a wakeup.
            let untilStall = nextStall.map { max(0, min(1000, ($0 - .now).milliseconds)) } ?? 1000
            curl_multi_poll(multi, nil, 0, Int32(untilStall), nil)
        }
        shutDown()
    }

    /// Starts waiting requests, in order, while their endpoint has room.
    private func startWaiting() {
        var stillWaiting: [EngineInbox.Submission] = []
        for submission in waiting {
            let endpoint = submission.request.endpoint
            let inFlight = activePerEndpoint[endpoint, default: 0]
            guard inFlight < max(1, submission.request.endpointLimit) else {
                stillWaiting.append(submission)
                continue
            }
            let transfer = CurlTransfer(submission)
            if let failure = transfer.prepare() {
                submission.continuation.finish(throwing: CurlEngineError.initialisationFailed(failure))
                continue
            }
            guard let easy = transfer.easy, curl_multi_add_handle(multi, easy) == CURLM_OK else {
                submission.continuation.finish(throwing: CurlEngineError.initialisationFailed("curl_multi_add_handle"))
                continue
            }
            active[transfer.id] = transfer
            activePerEndpoint[endpoint] = inFlight + 1
        }
        waiting = stillWaiting
    }

    /// Ends every finished transfer; true when one did, so queued requests may start before the next poll.
    private func collectFinished() -> Bool {
        var finishedAny = false
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard arbor_curl_msg_is_done(message) != 0, let easy = arbor_curl_msg_handle(message),
                let context = arbor_curl_private(easy)
            else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let result = arbor_curl_msg_result(message)
            detach(transfer)
            transfer.complete(result)
            finishedAny = true
        }
        return finishedAny
    }

    /// Fails transfers silent past their stall timeout; returns the earliest deadline still pending.
    private func abandonStalled() -> ContinuousClock.Instant? {
        let now = ContinuousClock.now
        var earliest: ContinuousClock.Instant?
        for transfer in active.values {
            let deadline = transfer.stallDeadline
            if deadline <= now {
                detach(transfer)
                transfer.stall()
            } else {
                earliest = min(earliest ?? deadline, deadline)
            }
        }
        return earliest
    }

    /// Removes a transfer from libcurl and the books; its handle is freed when the transfer is.
    private func detach(_ transfer: CurlTransfer) {
        if let easy = transfer.easy { curl_multi_remove_handle(multi, easy) }
        active[transfer.id] = nil
        let endpoint = transfer.request.endpoint
        activePerEndpoint[endpoint] = max(0, activePerEndpoint[endpoint, default: 1] - 1)
    }

    private func cancel(_ id: UInt64) {
        if let transfer = active[id] {
            detach(transfer)
            transfer.continuation.finish(throwing: CancellationError())
        } else if let index = waiting.firstIndex(where: { $0.id == id }) {
            waiting.remove(at: index).continuation.finish(throwing: CancellationError())
        }
    }

    private func shutDown() {
        inbox.detachMulti()
        for transfer in active.values {
            detach(transfer)
            transfer.continuation.finish(throwing: CurlEngineError.stopped)
        }
        for submission in waiting + inbox.drain().submissions {
            submission.continuation.finish(throwing: CurlEngineError.stopped)
        }
        waiting = []
        curl_multi_cleanup(multi)
        curl_global_cleanup()
    }
}
