import ArborCore
import Foundation
import TerminalKit

/// The runs in the store (a file or a server), newest first: id, start, status, method, environment, model, episodes, success rate.
struct RunsPage {
    var session: Session

    func draw(into canvas: inout Canvas) {
        guard let fleet = session.fleet else { return drawRuns(into: &canvas) }
        let panel = FleetPanel(fleet: fleet)
        // Beside the runs where both fit; under them, in at most half the page, where they do not.
        if canvas.width >= Self.runsWidth + 2 + FleetPanel.width {
            let runs = canvas.width - 2 - FleetPanel.width
            canvas.withRegion(Rect(x: 0, y: 0, width: runs, height: canvas.height)) { drawRuns(into: &$0) }
            canvas.withRegion(Rect(x: runs + 2, y: 0, width: FleetPanel.width, height: canvas.height)) {
                panel.draw(into: &$0)
            }
            return
        }
        let height = min(panel.height, canvas.height / 2)
        let runs = canvas.height - height
        canvas.withRegion(Rect(x: 0, y: 0, width: canvas.width, height: runs)) { drawRuns(into: &$0) }
        canvas.withRegion(Rect(x: 0, y: runs, width: canvas.width, height: height)) { panel.draw(into: &$0) }
    }

    /// Columns the runs list needs beside the fleet: every column up to the success rate, and room for a model name.
    static let runsWidth = 84

    private func drawRuns(into canvas: inout Canvas) {
        // Forks name their parent in a column of their own, shown only when the store holds a fork.
        let forks = session.runs.contains { $0.parent != nil }
        let header =
            Figures.right("run", 4) + "  " + Figures.left("started", 12) + Figures.left("status", 12)
            + Figures.left("method", 13) + Figures.left("environment", 14) + Figures.right("tasks", 6)
            + Figures.right("success", 8) + (forks ? "  " + Figures.left("from", Self.originWidth) : "") + "  model"
        _ = canvas.put(header, x: 0, y: 0, style: Style(.muted))
        guard !session.runs.isEmpty else {
            _ = canvas.put(
                "No runs in this store yet. Start one with `arbor run` or `arbor demo`.", x: 0, y: 2,
                style: Style(.muted))
            return
        }
        let visible = max(1, canvas.height - 1)
        let top = max(0, min(session.runCursor - visible / 2, session.runs.count - visible))
        for (i, run) in session.runs.dropFirst(top).prefix(visible).enumerated() {
            let y = i + 1
            let selected = top + i == session.runCursor
            let base: Style = selected ? Style(.selection) : .normal
            if selected { canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1), style: base) }
            let rate = run.episodes > 0 ? Double(run.successes) / Double(run.episodes) : 0
            var x = canvas.put(
                Figures.right(String(run.id), 4) + "  " + Figures.left(Self.date(run.started), 12), x: 0, y: y,
                style: base)
            let statusStyle: Style
            switch run.status {
            case _ where selected: statusStyle = base
            case .running: statusStyle = Style(.success, .bold)
            case .finished: statusStyle = .normal
            case .interrupted, .failed: statusStyle = Style(.warning)
            }
            x = canvas.put(Figures.left(run.status.rawValue, 12), x: x, y: y, style: statusStyle)
            let rest =
                Figures.left(TerminalText.sanitize(run.method), 13)
                + Figures.left(TerminalText.sanitize(run.environment), 14)
                + Figures.right(String(run.episodes), 6)
                + Figures.right(run.episodes > 0 ? Figures.percent(rate) : "–", 8)
                + (forks ? "  " + Figures.left(run.parent.map(Self.origin) ?? "–", Self.originWidth) : "")
                + "  " + TerminalText.sanitize(run.model)
            _ = canvas.put(rest, x: x, y: y, style: base)
        }
    }

    static let originWidth = 24

    /// Where a fork branched from, numbered as the front end numbers episodes: `fork of run 1 ep 2 n14`.
    static func origin(_ parent: RunOrigin) -> String {
        "fork of run \(parent.run) ep \(parent.episode + 1) n\(parent.node.rawValue)"
    }

    static func date(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}

/// The episodes of the open run: task, steps, outcome (verdict and why it ended), nodes, model calls.
struct EpisodesPage {
    var session: Session

    func draw(into canvas: inout Canvas) {
        let header =
            Figures.right("ep", 4) + "  " + Figures.left("outcome", 15) + Figures.right("steps", 6)
            + Figures.right("nodes", 7)
            + Figures.right("calls", 7) + "  task"
        _ = canvas.put(header, x: 0, y: 0, style: Style(.muted))
        let episodes = session.model?.state.orderedEpisodes ?? []
        guard !episodes.isEmpty else {
            _ = canvas.put("No episodes yet.", x: 0, y: 2, style: Style(.muted))
            return
        }
        let visible = max(1, canvas.height - 1)
        let top = max(0, min(session.episodeCursor - visible / 2, episodes.count - visible))
        for (i, tree) in episodes.dropFirst(top).prefix(visible).enumerated() {
            let y = i + 1
            let selected = top + i == session.episodeCursor
            let base: Style = selected ? Style(.selection) : .normal
            if selected { canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1), style: base) }
            // The verdict and why the episode ended: `✗ max steps` tells a failure from a dead end or an error.
            let maxSteps = session.model?.state.started?.config["maxSteps"]
            let outcome =
                tree.outcome.map { ($0.success ? "✓ " : "✗ ") + EpisodeEnding($0, maxSteps: maxSteps).label }
                ?? "running"
            let outcomeStyle: Style =
                selected ? base : tree.outcome.map { $0.success ? Style(.success) : Style(.failure) } ?? Style(.accent)
            var x = canvas.put(Figures.right(String(tree.episode + 1), 4) + "  ", x: 0, y: y, style: base)
            x = canvas.put(Figures.left(outcome, 15), x: x, y: y, style: outcomeStyle)
            let steps = tree.outcome?.steps ?? tree.step
            x = canvas.put(
                Figures.right(String(steps), 6) + Figures.right(Figures.count(tree.nodes.count), 7)
                    + Figures.right(Figures.count(tree.modelCalls), 7) + "  ", x: x, y: y, style: base)
            _ = canvas.put(TerminalText.sanitize(tree.task), x: x, y: y, style: base, maxWidth: canvas.width - x)
        }
    }
}
