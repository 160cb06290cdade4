import ArborCore
import ArborStore
import Foundation
import Synchronization

/// The run's side of the `commands` table (`arbor run --controllable`): polls for commands other processes queued,
/// sends each to its episode through ``Steering``, and acknowledges it with the outcome the engine records. It is
/// also the run's event sink, so it sees each `intervention` event go by and matches it to the command that asked.
public final class CommandChannel: EventSink {
    private struct Waiting {
        var id: Int64
        var episode: Int
        var kind: InterventionKind
        var node: NodeID?
    }
    private struct Ledger {
        var waiting: [Waiting] = []
        /// Outcomes seen in the log, to be written by the poller (a sink must not block on the store).
        var answered: [(Int64, String)] = []
    }
    private let next: any EventSink
    private let store: any RunStorage
    private let run: RunID
    private let steering: Steering
    private let ledger = Mutex(Ledger())

    public init(forwardingTo next: any EventSink, store: any RunStorage, run: RunID, steering: Steering) {
        self.next = next
        self.store = store
        self.run = run
        self.steering = steering
    }

    public func append(_ event: Event, blobs: [Blob]) {
        next.append(event, blobs: blobs)
        guard case .intervention(let intervention) = event, let episode = intervention.episode else { return }
        ledger.withLock { ledger in
            // A request for a node the tree does not hold is recorded without a node.
            guard
                let index = ledger.waiting.firstIndex(where: {
                    // Lock root asked for the locked node lifts the lock, and is answered by an unlockRoot.
                    $0.episode == episode
                        && ($0.kind == intervention.kind || ($0.kind == .lockRoot && intervention.kind == .unlockRoot))
                        && (intervention.node == nil || $0.node == intervention.node)
                })
            else { return }
            ledger.answered.append((ledger.waiting.remove(at: index).id, intervention.outcome))
        }
    }

    /// Polls until cancelled: acknowledges what the engine answered, then takes and sends new commands.
    public func serve(every interval: Duration = .milliseconds(100)) async {
        while !Task.isCancelled {
            poll()
            try? await Task.sleep(for: interval)
        }
        poll()
    }

    /// One round: acknowledgements first, so a command's outcome never waits behind newer ones.
    public func poll() {
        let live = Set(steering.liveEpisodes)
        let answers = ledger.withLock { ledger in
            // A command whose episode ended before its engine took it will never be answered by the engine.
            let orphaned = ledger.waiting.filter { !live.contains($0.episode) }
            ledger.waiting.removeAll { !live.contains($0.episode) }
            defer { ledger.answered = [] }
            return ledger.answered + orphaned.map { ($0.id, "refused: episode \($0.episode + 1) ended first") }
        }
        for (id, outcome) in answers {
            try? store.acknowledge(command: id, outcome: outcome, at: Date().timeIntervalSince1970)
        }
        guard let commands = try? store.takeCommands(run: run, at: Date().timeIntervalSince1970) else { return }
        for command in commands {
            guard let kind = InterventionKind(rawValue: command.kind) else {
                try? store.acknowledge(
                    command: command.id, outcome: "refused: unknown command '\(command.kind)'",
                    at: Date().timeIntervalSince1970)
                continue
            }
            // Registered before sending, so an answer the engine gives at once is not missed.
            let sending = ledger.withLock { ledger in
                let sending = steering.send(
                    kind, episode: command.episode, node: command.node, value: command.value, note: command.note,
                    author: command.author)
                if case .sent(let episode?) = sending {
                    ledger.waiting.append(Waiting(id: command.id, episode: episode, kind: kind, node: command.node))
                }
                return sending
            }
            switch sending {
            case .refused(let why):
                try? store.acknowledge(
                    command: command.id, outcome: "refused: \(why)", at: Date().timeIntervalSince1970)
            case .sent(nil):
                try? store.acknowledge(command: command.id, outcome: "done", at: Date().timeIntervalSince1970)
            case .sent: break
            }
        }
    }
}
