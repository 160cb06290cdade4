import ArborCore
import Foundation
import Synchronization

/// Passes every event on to the run's recorder and prints a line as each episode ends: task, outcome, steps, the
/// running success rate, the episode's model calls and, when it had one, its pool of environments.
final class ProgressSink: EventSink {
    private struct Tally {
        var tasks: [Int: String] = [:]
        var calls: [Int: Int] = [:]
        var tokens: [Int: Int] = [:]
        var ended: [EpisodeEnded] = []
        /// Every call of the run, those of no episode (reflections) too.
        var runCalls = 0
        var runTokens = 0
    }
    private let next: any EventSink
    private let total: Int
    private let tally = Mutex(Tally())
    private let show: @Sendable (String) -> Void

    init(forwardingTo next: any EventSink, total: Int, show: @escaping @Sendable (String) -> Void) {
        self.next = next
        self.total = total
        self.show = show
    }

    func append(_ event: Event, blobs: [Blob]) {
        next.append(event, blobs: blobs)
        switch event {
        case .episodeStarted(let e): tally.withLock { $0.tasks[e.episode] = e.taskID }
        case .modelCall(let e):
            tally.withLock {
                $0.runCalls += 1
                $0.runTokens += e.tokensIn + e.tokensOut
                guard let episode = e.episode else { return }
                $0.calls[episode, default: 0] += 1
                $0.tokens[episode, default: 0] += e.tokensIn + e.tokensOut
            }
        case .episodeEnded(let e):
            let line = tally.withLock { t -> String in
                t.ended.append(e)
                let successes = t.ended.filter(\.success).count
                let rate = Double(successes) / Double(t.ended.count) * 100
                let width = String(total).count
                let count = String(repeating: " ", count: width - String(t.ended.count).count) + "\(t.ended.count)"
                let outcome = e.success ? "✓" : "✗"
                return "[\(count)/\(total)] \(outcome) \(t.tasks[e.episode] ?? "?")  steps \(e.steps) (\(e.reason))  "
                    + "success \(successes)/\(t.ended.count) (\(String(format: "%.0f", rate))%)  "
                    + "calls \(t.calls[e.episode] ?? 0)  tokens \(t.tokens[e.episode] ?? 0)"
                    + (e.environments.map { "  " + Self.describe($0) } ?? "")
            }
            show(line)
        default: break
        }
    }

    /// An episode's pool of environments in a few words: its instances, how many leases needed no reset, and what
    /// the resets and replays cost.
    static func describe(_ pool: EnvironmentPoolUsage) -> String {
        "environments \(pool.instances) (reused \(pool.reused)/\(pool.leases), \(pool.replays) replays of "
            + "\(pool.actionsReplayed) actions in \(String(format: "%.0f", pool.replayMs)) ms)"
    }

    /// Totals over the episodes that ended, and every model call and token of the run (reflections included, as
    /// `arbor calls` counts them).
    var totals: (episodes: Int, successes: Int, steps: Int, calls: Int, tokens: Int) {
        tally.withLock { t in
            (t.ended.count, t.ended.filter(\.success).count, t.ended.map(\.steps).reduce(0, +), t.runCalls, t.runTokens)
        }
    }
}
