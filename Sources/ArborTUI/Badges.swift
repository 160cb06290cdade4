import ArborCore

/// The one-column marks after a tree line, in a fixed order so they line up.
enum Badges {
    static let legend: [(mark: Character, meaning: String)] = [
        ("●", "on the committed path"),
        ("◌", "a simulation in flight here"),
        ("✓", "terminal, task succeeded"),
        ("✗", "terminal, task failed"),
        ("■", "terminal"),
        ("⚖", "valued by debate"),
        ("✦", "reflections retrieved here"),
        ("⚑", "a person's control took effect"),
        ("⊘", "excluded from selection"),
        ("↶", "abandoned by a backtrack"),
        ("!", "an error happened here"),
        ("✎", "annotated"),
    ]

    /// `marks` in at most `width` columns: all of them, or the first ones and how many more (`✗⚖+4`).
    static func fitted(_ marks: String, width: Int) -> String {
        guard marks.count > width else { return marks }
        let hidden = marks.count - max(0, width - 2)
        let more = "+\(hidden)"
        return String(marks.prefix(max(0, width - more.count))) + more
    }

    static func marks(for node: Node, annotated: Bool = false, inFlight: Bool = false) -> String {
        var marks = ""
        if node.committed { marks.append("●") }
        if inFlight { marks.append("◌") }
        if node.terminal {
            switch node.success {
            case true?: marks.append("✓")
            case false?: marks.append("✗")
            case nil: marks.append("■")
            }
        }
        if node.debated { marks.append("⚖") }
        if node.reflectionsUsed > 0 { marks.append("✦") }
        if node.interventions > 0 { marks.append("⚑") }
        if node.excluded { marks.append("⊘") }
        if node.abandoned { marks.append("↶") }
        if node.errors > 0 { marks.append("!") }
        if annotated { marks.append("✎") }
        return marks
    }
}
