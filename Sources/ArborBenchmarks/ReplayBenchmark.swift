import ArborCore
import ArborTUI
import Foundation
import TerminalKit

/// Seeking in a replay of a million-event run, from the key that asks to the drawn frame, beside the reference a
/// timeline without checkpoints would pay: folding the log from its start. `arbor bench replay` runs it.
public struct ReplayBenchmark {
    /// Nodes in the synthetic run (about one event per node).
    public var nodes: Int
    /// Episodes the nodes are spread over.
    public var episodes: Int
    /// Seeks measured, to positions drawn at random.
    public var seeks: Int

    public init(nodes: Int, episodes: Int, seeks: Int) {
        self.nodes = nodes
        self.episodes = episodes
        self.seeks = seeks
    }

    public func run() throws {
        let log = SyntheticTreeLog(nodes: nodes, episodes: episodes)
        let count = log.records.count
        let library = MemoryRunLibrary(run: 1, records: log.records, texts: log.texts)
        report("synthetic run: \(nodes) nodes in \(episodes) episode(s), \(count) events, screen 160x48")
        var canvas = Canvas(width: 160, height: 48)
        let clock = ContinuousClock()

        let opened = clock.now
        var session = Session(library: library)
        session.replay(run: 1)
        session.render(into: &canvas, now: 0)
        report(row("open the timeline (fold + checkpoints)", String(format: "%.2f s", seconds(clock.now - opened))))

        var random = SplitMix64(seed: 11)
        let targets = (0..<seeks).map { _ in Int(random.next() % UInt64(count + 1)) }
        report("from the key to the drawn frame (\(seeks) seeks)     median      p99      max    target p99 <= 100 ms")
        var times: [Double] = []
        for target in targets {
            for key in ":event \(target)" { session.handle(.character(key)) }
            let started = clock.now
            session.handle(.key(.enter))
            session.render(into: &canvas, now: 0)
            times.append(seconds(clock.now - started) * 1000)
            guard session.timeline?.position == target else {
                throw BenchmarkFailure(
                    description: "the seek to event \(target) landed at \(session.timeline?.position ?? -1)")
            }
        }
        report(figures("  :event N, anywhere", times))

        for (label, key) in [
            ("  > (one event on)", InputEvent.character(">")), ("  < (one event back)", .character("<")),
            ("  } (next iteration)", .character("}")), ("  m (next event of interest)", .character("m")),
        ] {
            var steps: [Double] = []
            for target in targets.prefix(max(10, seeks / 4)) {
                for key in ":event \(max(1, min(count - 1, target)))" { session.handle(.character(key)) }
                session.handle(.key(.enter))
                session.render(into: &canvas, now: 0)
                let started = clock.now
                session.handle(key)
                session.render(into: &canvas, now: 0)
                steps.append(seconds(clock.now - started) * 1000)
            }
            report(figures(label, steps))
        }

        // The reference: what a seek costs with no checkpoint, a fold of the log up to the target.
        var folds: [Double] = []
        for target in targets.prefix(5) {
            let started = clock.now
            var model = RunModel(run: 1)
            for record in log.records.prefix(target) { try model.apply(record) }
            folds.append(seconds(clock.now - started) * 1000)
            withExtendedLifetime(model) {}
        }
        report(figures("  reference: fold from the start", folds, judged: false))
        let peak = peakMemory()
        report(row("peak memory (VmHWM)", peak.map { String(format: "%.0f MiB", Double($0) / 1024) } ?? "unknown"))
        withExtendedLifetime(session) {}
    }

    private func figures(_ label: String, _ times: [Double], judged: Bool = true) -> String {
        let median = percentile(times, 0.5)
        let p99 = percentile(times, 0.99)
        let worst = times.max() ?? 0
        let figure = String(format: "%8.1f ms %8.1f ms %8.1f ms", median, p99, worst)
        return row(label, figure) + (judged ? (p99 <= 100 ? "   ok" : "   MISSED") : "")
    }

    private func row(_ label: String, _ figure: String) -> String { reportRow(label, figure, width: 40) }
}
