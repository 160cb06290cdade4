import Foundation

/// The diff as `arbor diff` prints it: a plain text table, one task a line, then a summary line.
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
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = ["A = \(nameA)", "B = \(nameB)", ""]
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            lines.append(
                cells.joined(separator: "  ").replacingOccurrences(of: " +$", with: "", options: .regularExpression))
        }
        lines.append("")
        lines.append("successes: A \(successesA)/\(episodesA) · B \(successesB)/\(episodesB)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table's last column for one task: `step 2: click [5] | click [7]`, `same`, `only in A`.
    public static func describe(_ task: TaskComparison) -> String {
        guard task.a != nil, task.b != nil else { return task.a == nil ? "only in B" : "only in A" }
        guard let d = task.divergence else { return "same" }
        return "step \(d.step): \(d.actionA ?? "(ended)") | \(d.actionB ?? "(ended)")"
    }
}
