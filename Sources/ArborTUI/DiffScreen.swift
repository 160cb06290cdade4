import ArborCore
import ArborExport
import Foundation
import TerminalKit

/// Draws a whole frame of the diff screen: header, task list, the two trajectory panes, status bar, and the help
/// overlay; or, while one side's tree is open, that tree as the ordinary ``Screen`` draws it.
public enum DiffScreen {
    public static func render(
        _ session: inout DiffSession, into canvas: inout Canvas, now: Double = Date().timeIntervalSince1970
    ) {
        if session.tree != nil {
            session.withTree { $0.render(into: &canvas, now: now) }
            return
        }
        canvas.fill()
        guard canvas.requireSize(DiffLayout.minimum) else { return }
        let layout = DiffLayout(canvas.size, taskCount: session.diff.tasks.count)
        session.taskHeight = max(1, layout.tasks.height - 1)
        session.stepHeight = layout.stepRows
        session.revealTask()
        session.revealStep()
        drawHeader(session, layout.header, into: &canvas)
        let list = DiffTaskList(
            tasks: session.diff.tasks, top: session.taskTop, cursor: session.taskCursor,
            focused: session.focus == .tasks)
        canvas.withRegion(layout.tasks) { list.draw(into: &$0) }
        canvas.horizontalLine(x: 0, y: layout.tasks.maxY, length: canvas.width)
        let cursor = session.focus == .panes ? session.stepCursor : nil
        for (side, rect) in [(DiffSession.Side.a, layout.paneA), (.b, layout.paneB)] {
            let stepRows = min(session.rowCount, layout.stepRows)
            let picture = TrajectoryPane.pictureRoom(
                pane: TerminalSize(width: rect.width, height: rect.height), stepRows: stepRows
            ).flatMap { session.picture(side, fitting: $0) }
            let pane = TrajectoryPane(
                label: side == .a ? "A" : "B", run: side == .a ? session.a : session.b,
                side: side == .a ? session.task?.a : session.task?.b, episode: session.episode(side),
                rows: session.rows(side), top: session.stepTop, cursor: cursor,
                stepRows: stepRows, pageStep: session.stepCursor, picture: picture)
            canvas.withRegion(rect) { pane.draw(into: &$0) }
        }
        if layout.sideBySide {
            canvas.verticalLine(x: layout.paneA.maxX, y: layout.paneA.y, length: layout.paneA.height)
        } else {
            canvas.horizontalLine(x: 0, y: layout.paneA.maxY, length: canvas.width)
        }
        drawStatus(session, layout.status, into: &canvas)
        if session.showsHelp {
            HelpOverlay.draw(into: &canvas, scroll: session.helpScroll, lines: DiffKeys.helpLines())
        }
    }

    private static func drawHeader(_ session: DiffSession, _ rect: Rect, into canvas: inout Canvas) {
        canvas.withRegion(rect) { c in
            var x = c.put("Arbor · diff", x: 0, y: 0, style: Style(.title, .bold))
            x = c.put(" · A ", x: x, y: 0, style: Style(.muted))
            x = c.put(TerminalText.sanitize(session.a.name), x: x, y: 0, style: .normal)
            x = c.put(" · B ", x: x, y: 0, style: Style(.muted))
            c.put(TerminalText.sanitize(session.b.name), x: x, y: 0, style: .normal)
            guard let task = session.task else { return }
            x = c.put("Task ", x: 0, y: 1, style: Style(.muted))
            c.put(TerminalText.sanitize(task.task), x: x, y: 1, style: Style(.normal, .bold), maxWidth: c.width - x)
        }
    }

    private static func drawStatus(_ session: DiffSession, _ rect: Rect, into canvas: inout Canvas) {
        canvas.withRegion(rect) { c in
            c.fill(style: Style(.statusBar))
            let diff = session.diff
            var parts = ["task \(diff.tasks.isEmpty ? 0 : session.taskCursor + 1)/\(diff.tasks.count)"]
            parts.append("outcomes differ on \(session.differing.count)")
            parts.append("successes A \(diff.successesA)/\(diff.episodesA) · B \(diff.successesB)/\(diff.episodesB)")
            parts.append(session.focus == .tasks ? "Tab: trajectories" : "Tab: tasks")
            var x = c.put(" " + parts.joined(separator: " · "), x: 0, y: 0, style: Style(.statusBar))
            if let notice = session.notice {
                x = c.put("  " + TerminalText.sanitize(notice), x: x, y: 0, style: Style(.statusBar, .bold))
            }
            let hint = "? help  q quit "
            if x + hint.count < c.width { c.put(hint, x: c.width - hint.count, y: 0, style: Style(.statusBar)) }
        }
    }
}
