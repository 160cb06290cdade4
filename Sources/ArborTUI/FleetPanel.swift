import ArborCore
import TerminalKit

/// The fleet beside (or, on a narrow screen, under) the runs list: the queue's counts, then a line per worker (host,
/// pid, the episode it holds, heartbeat age, episodes done and failed). Episodes are counted from 1, as people read
/// them. A store keeps every worker that ever ran, so the live ones come first (oldest first), then the stopped ones
/// (newest first), and the workers that do not fit are counted on the last line.
struct FleetPanel {
    var fleet: Fleet

    /// Columns a worker's line takes.
    static let width = 74

    /// Rows the panel wants: a blank, the queue line, the header and a line per worker.
    var height: Int { 3 + max(1, fleet.workers.count) }

    func draw(into canvas: inout Canvas) {
        var x = canvas.put("queue", x: 0, y: 1, style: Style(.muted))
        let counts: [(String, Int, Style)] = [
            ("waiting", fleet.waiting, .normal), ("running", fleet.running, Style(.success, .bold)),
            ("done", fleet.done, .normal), ("failed", fleet.failed, fleet.failed > 0 ? Style(.warning) : .normal),
        ]
        for (name, count, style) in counts {
            x = canvas.put("  \(name) ", x: x, y: 1, style: Style(.muted))
            x = canvas.put(String(count), x: x, y: 1, style: style)
        }
        let header =
            Figures.right("worker", 6) + "  " + Figures.left("host", 18) + Figures.right("pid", 8) + "  "
            + Figures.left("episode", 14) + Figures.right("heartbeat", 10) + Figures.right("done", 6)
            + Figures.right("failed", 8)
        _ = canvas.put(header, x: 0, y: 2, style: Style(.muted))
        guard !fleet.workers.isEmpty else {
            _ = canvas.put(
                "No workers yet. Start one with `arbor worker --db URL`.", x: 0, y: 3, style: Style(.muted))
            return
        }
        let workers = fleet.workers.filter { !$0.stopped } + fleet.workers.filter(\.stopped).reversed()
        let rows = max(1, canvas.height - 3)
        let shown = workers.count <= rows ? workers : Array(workers.prefix(rows - 1))
        if shown.count < workers.count {
            let hidden = workers.dropFirst(shown.count)
            let stopped = hidden.filter(\.stopped).count
            _ = canvas.put(
                "+ \(hidden.count) more worker\(hidden.count == 1 ? "" : "s")"
                    + (stopped == hidden.count ? ", stopped" : stopped > 0 ? ", \(stopped) of them stopped" : ""),
                x: 0, y: 3 + shown.count, style: Style(.muted))
        }
        for (i, worker) in shown.enumerated() {
            let y = 3 + i
            let silent = !worker.stopped && worker.heartbeatAge > fleet.timeout
            let holding =
                worker.claimed.isEmpty
                ? "–" : worker.claimed.map { "run \($0.run) ep \($0.episode + 1)" }.joined(separator: ", ")
            var x = canvas.put(
                Figures.right(String(worker.id), 6) + "  " + Figures.left(TerminalText.sanitize(worker.host), 18)
                    + Figures.right(String(worker.pid), 8) + "  " + Figures.left(holding, 14),
                x: 0, y: y, style: .normal)
            let heartbeat = worker.stopped ? "stopped" : Self.age(worker.heartbeatAge)
            x = canvas.put(
                Figures.right(heartbeat, 10), x: x, y: y,
                style: silent ? Style(.warning) : worker.stopped ? Style(.muted) : .normal)
            x = canvas.put(Figures.right(String(worker.done), 6), x: x, y: y, style: .normal)
            _ = canvas.put(
                Figures.right(String(worker.failures), 8), x: x, y: y,
                style: worker.failures > 0 ? Style(.warning) : .normal)
        }
    }

    /// `0.4s`, `12s`, `3:05`: how long ago a worker was heard from.
    static func age(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1fs", max(0, seconds)) }
        if seconds < 60 { return "\(Int(seconds))s" }
        return Figures.duration(seconds)
    }
}
