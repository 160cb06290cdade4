import ArborCore

/// The diff as `arbor diff` prints it: a plain text table (sanitised, see ``TextTable``), one task a line, then a
/// summary line.
extension RunDiff {
    public func table(nameA: String, nameB: String) -> String {
        var rows = [["TASK", "A", "B", "STEPS A/B", "CALLS A/B", "FIRST DIVERGENCE"]]
        for task in tasks {
            rows.append([
                task.taskID, task.a?.outcome ?? "-", task.b?.outcome ?? "-",
                "\(task.a.map { String($0.steps) } ?? "-")/\(task.b.map { String($0.steps) } ?? "-")",
                "\(task.a.map { String($0.modelCalls) } ?? "-")/\(task.b.map { String($0.modelCalls) } ?? "-")",
                Self.describe(task),
            ])
        }
        return "A = \(TerminalText.sanitize(nameA))\nB = \(TerminalText.sanitize(nameB))\n\n" + TextTable.render(rows)
            + "\nsuccesses: A \(successesA)/\(episodesA) · B \(successesB)/\(episodesB)\n"
    }

    /// The table's last column for one task: `step 2: click [5] | click [7]`, `same`, `only in A`.
    public static func describe(_ task: TaskComparison) -> String {
        guard task.a != nil, task.b != nil else { return task.a == nil ? "only in B" : "only in A" }
        guard let d = task.divergence else { return "same" }
        return "step \(d.step): \(d.actionA ?? "(ended)") | \(d.actionB ?? "(ended)")"
    }
}
