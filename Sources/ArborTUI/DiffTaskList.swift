import ArborCore
import ArborExport
import TerminalKit

/// The diff screen's task list: one row per task with both outcomes, steps and model calls A/B, and where the
/// trajectories part; `≠` marks a task whose outcomes differ.
struct DiffTaskList {
    var tasks: [TaskComparison]
    var top: Int
    var cursor: Int
    var focused: Bool

    func draw(into canvas: inout Canvas) {
        let widest = tasks.map { DisplayWidth.of(TerminalText.sanitize($0.taskID)) }.max() ?? 4
        let idWidth = min(widest, max(12, canvas.width / 3))
        let header =
            "  " + Figures.left("task", idWidth) + "  " + Figures.left("A", 9) + Figures.left("B", 9)
            + Figures.left("steps", 7) + Figures.left("calls", 9) + "first divergence"
        canvas.put(header, x: 0, y: 0, style: Style(.muted))
        guard !tasks.isEmpty else {
            canvas.put("Neither run has an episode yet.", x: 2, y: 1, style: Style(.muted))
            return
        }
        for (i, task) in tasks.dropFirst(top).prefix(max(0, canvas.height - 1)).enumerated() {
            let y = i + 1
            let selected = top + i == cursor
            let base: Style = selected ? Style(.selection, focused ? [] : [.dim]) : .normal
            if selected { canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1), style: base) }
            var x = canvas.put(
                task.outcomesDiffer ? "≠ " : "  ", x: 0, y: y,
                style: selected || !task.outcomesDiffer ? base : Style(.warning, .bold))
            x = canvas.put(Self.tail(TerminalText.sanitize(task.taskID), idWidth), x: x, y: y, style: base)
            x = canvas.put("  ", x: max(x, 2 + idWidth), y: y, style: base)
            for side in [task.a, task.b] {
                x = canvas.put(
                    Figures.left(side?.outcome ?? "-", 9), x: x, y: y, style: selected ? base : Self.style(side))
            }
            let numbers =
                Figures.left("\(Self.figure(task.a?.steps))/\(Self.figure(task.b?.steps))", 7)
                + Figures.left("\(Self.figure(task.a?.modelCalls))/\(Self.figure(task.b?.modelCalls))", 9)
            x = canvas.put(numbers, x: x, y: y, style: base)
            let parting = TerminalText.sanitize(RunDiff.describe(task))
            let partingStyle = selected || task.divergence == nil ? base : Style(.accent)
            canvas.put(parting, x: x, y: y, style: partingStyle, maxWidth: canvas.width - x)
        }
    }

    /// The end of `text` in at most `width` columns, led by "…" when cut: task ids differ at their ends.
    static func tail(_ text: String, _ width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var kept = Substring(text)
        while !kept.isEmpty, DisplayWidth.of(kept) > width - 1 { kept = kept.dropFirst() }
        return "…" + kept
    }

    private static func figure(_ n: Int?) -> String { n.map(Figures.count) ?? "-" }

    /// An outcome in the colour of its kind.
    static func style(_ side: EpisodeSide?) -> Style {
        switch side?.success {
        case true?: Style(.success)
        case false?: Style(.failure)
        case nil: side == nil ? Style(.muted) : Style(.accent)
        }
    }
}
