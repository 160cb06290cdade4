import ArborCore
import Synchronization

/// Passes one claimed attempt's events on to the run's recorder: a later attempt's `episodeStarted` names its number
/// (docs/schema.md, "Attempts in the log"), and nothing more of the attempt is recorded once the claim may have been
/// taken away.
///
/// The claim is safe until its heartbeat is older than the queue's timeout. Each heartbeat that finds the claim still
/// held moves the attempt's deadline to the time the heartbeat was sent plus the timeout less a margin; a worker that
/// could not heartbeat (stopped, cut off from the server) reaches the deadline before any other worker may re-queue
/// the episode, and from then on its events are dropped.
final class AttemptSink: EventSink {
    private struct Claim {
        var deadline: ContinuousClock.Instant
        var lost = false
    }
    private let next: any EventSink
    private let attempt: Int
    private let claim: Mutex<Claim>

    init(forwardingTo next: any EventSink, attempt: Int, deadline: ContinuousClock.Instant) {
        self.next = next
        self.attempt = attempt
        claim = Mutex(Claim(deadline: deadline))
    }

    func append(_ event: Event, blobs: [Blob]) {
        guard holds else { return }
        guard case .episodeStarted(var started) = event, attempt > 1 else { return next.append(event, blobs: blobs) }
        started.attempt = attempt
        next.append(.episodeStarted(started), blobs: blobs)
    }

    /// A heartbeat found the claim held: it is safe until `deadline`.
    func extend(until deadline: ContinuousClock.Instant) {
        claim.withLock { if !$0.lost { $0.deadline = max($0.deadline, deadline) } }
    }

    /// Drops every later event: another worker may run the episode now.
    func abandon() { claim.withLock { $0.lost = true } }

    /// Whether the claim is still this worker's; false for good once it is not.
    var holds: Bool {
        claim.withLock { claim in
            if ContinuousClock.now >= claim.deadline { claim.lost = true }
            return !claim.lost
        }
    }
}
