import ArborCore
import ArborStore
import ArborTUI
import ArgumentParser
import Foundation
import Synchronization
import TerminalKit

/// `arbor bench tui`: the front end on a million-node run (open, keypress → frame, memory) and following a live
/// writer in another process (event → screen latency), each figure beside its target.
struct BenchTUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Time the front end on a synthetic million-node run and while following a live writer.",
        discussion: "Build with -c release for meaningful figures.")

    @Option(help: "Nodes in the synthetic episode.")
    var nodes = 1_000_000

    @Option(help: "Presses of each key measured.")
    var presses = 200

    @Option(help: "Seconds to follow the live writer.")
    var liveSeconds = 5.0

    @Option(help: "A folder for the live writer's scratch store (removed afterwards).")
    var dir: String = NSTemporaryDirectory()

    func validate() throws {
        guard nodes >= 1000 else { throw ValidationError("--nodes must be at least 1000.") }
        guard presses >= 10 else { throw ValidationError("--presses must be at least 10.") }
    }

    func run() async throws {
        let log = SyntheticTreeLog(nodes: nodes)
        let library = MemoryRunLibrary(run: 1, records: log.records, texts: log.texts)
        report("synthetic run: \(nodes) nodes, \(log.records.count) events, screen 160x48")
        var canvas = Canvas(width: 160, height: 48)
        let clock = ContinuousClock()
        let opened = clock.now
        var session = Session(library: library)
        session.open(run: 1)
        Screen.render(&session, into: &canvas, now: 0)
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
                    Screen.render(&session, into: &canvas, now: 0)
                }
                let started = clock.now
                session.handle(key)
                Screen.render(&session, into: &canvas, now: 0)
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

        let live = try await LiveFollowing(directory: dir, seconds: liveSeconds).measure()
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

/// A benchmark's report line: the label padded to `width` columns, then the figure.
func reportRow(_ label: String, _ figure: String, width: Int) -> String {
    (label.count >= width ? label + " " : label + String(repeating: " ", count: width - label.count)) + figure
}

/// Writes a line of a benchmark's report at once (unbuffered, also through a pipe), so each figure appears when
/// it is measured.
func report(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// The value below which a `fraction` of `values` lie (nearest rank).
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))]
}

/// The process's peak resident memory in KiB, from `VmHWM` in /proc/self/status; nil where there is none.
func peakMemory() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}
