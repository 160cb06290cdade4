import ArborCore
import ArborStore
import ArborTUI
import Foundation
import TerminalKit

/// The front end on a million-node run (open, keypress → frame, memory) and following a live writer in another
/// process (event → screen latency), each figure beside its target. `arbor bench tui` runs it.
public struct TUIBenchmark {
    /// Nodes in the synthetic episode.
    public var nodes: Int
    /// Presses of each key measured.
    public var presses: Int
    /// Seconds to follow the live writer.
    public var liveSeconds: Double
    /// A folder for the live writer's scratch store (removed afterwards).
    public var directory: String
    /// The front end's view of the live writer's store, as `arbor watch` makes it.
    public var library: (RunStore) -> any RunLibrary

    public init(
        nodes: Int, presses: Int, liveSeconds: Double, directory: String,
        library: @escaping (RunStore) -> any RunLibrary
    ) {
        self.nodes = nodes
        self.presses = presses
        self.liveSeconds = liveSeconds
        self.directory = directory
        self.library = library
    }

    public func run() async throws {
        let log = SyntheticTreeLog(nodes: nodes)
        let library = MemoryRunLibrary(run: 1, records: log.records, texts: log.texts)
        report("synthetic run: \(nodes) nodes, \(log.records.count) events, screen 160x48")
        var canvas = Canvas(width: 160, height: 48)
        let clock = ContinuousClock()
        let opened = clock.now
        var session = Session(library: library)
        session.open(run: 1)
        session.render(into: &canvas, now: 0)
        let openSeconds = seconds(clock.now - opened)
        let nodesShown = session.tree?.nodes.count ?? 0
        report(
            row(
                "open and draw the first frame", String(format: "%.2f s", openSeconds), "<= 2 s",
                openSeconds <= 2) + "  (\(nodesShown) nodes in the episode)")

        report(
            "keypress -> frame (\(presses) presses each)          median      p99    target: median <= 16 ms, p99 <= 50 ms"
        )
        // Each case: keys typed first (each drawn, not timed), then the key timed from press to drawn frame.
        let typeQuery: [InputEvent] = [.character("/")] + "item 4".map { .character($0) }
        let keys: [(String, [InputEvent], InputEvent)] = [
            ("j", [], .character("j")), ("k", [], .character("k")), ("PgDn", [], .key(.pageDown)),
            ("G", [], .character("G")), ("g", [], .character("g")),
            ("l (unfold)", [], .character("l")), ("h (fold)", [], .character("h")),
            ("Enter (fold/unfold)", [], .key(.enter)),
            ("a key typed after /", [.character("/")], .character("x")),
            ("/query Enter (search)", typeQuery, .key(.enter)),
            ("n (next match)", [], .character("n")),
        ]
        for (label, setup, key) in keys {
            var times: [Double] = []
            for _ in 0..<presses {
                for event in setup {
                    session.handle(event)
                    session.render(into: &canvas, now: 0)
                }
                let started = clock.now
                session.handle(key)
                session.render(into: &canvas, now: 0)
                times.append(seconds(clock.now - started) * 1000)
                if session.prompt != nil { session.handle(.key(.escape)) }
            }
            let median = percentile(times, 0.5)
            let p99 = percentile(times, 0.99)
            report(
                row(
                    "  \(label)", String(format: "%8.2f ms %8.2f ms", median, p99), "", median <= 16 && p99 <= 50))
        }
        let peak = peakMemory()
        report(
            row(
                "peak memory (VmHWM)", peak.map { String(format: "%.0f MiB", Double($0) / 1024) } ?? "unknown",
                "<= 1 GiB", (peak ?? .max) <= 1024 * 1024))
        withExtendedLifetime(session) {}

        let live = try await LiveFollowing(directory: directory, seconds: liveSeconds, library: self.library).measure()
        report(
            row(
                "event -> screen, live writer (p50)", String(format: "%.1f ms", live.p50), "<= 100 ms", live.p50 <= 100)
                + String(format: "  (p99 %.1f ms, %d events in %d frames)", live.p99, live.events, live.frames))
    }

    private func row(_ label: String, _ figure: String, _ target: String, _ met: Bool) -> String {
        reportRow(label, figure, width: 38) + (target.isEmpty ? "" : "   target " + target)
            + (met ? "   ok" : "   MISSED")
    }
}
