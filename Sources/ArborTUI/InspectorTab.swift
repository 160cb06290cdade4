/// The inspector's tabs, in the order `[` and `]` (or 1–8) cycle through them.
public enum InspectorTab: Int, CaseIterable, Sendable {
    case children, observation, debate, reflections, calls, values, notes, why

    var title: String {
        switch self {
        case .children: "Children"
        case .observation: "Observation"
        case .debate: "Debate"
        case .reflections: "Reflections"
        case .calls: "Calls"
        case .values: "Values"
        case .notes: "Notes"
        case .why: "Why"
        }
    }

    /// The title in a narrow pane.
    var shortTitle: String {
        switch self {
        case .children: "Kids"
        case .observation: "Page"
        case .debate: "Debate"
        case .reflections: "Refl"
        case .calls: "Calls"
        case .values: "Values"
        case .notes: "Notes"
        case .why: "Why"
        }
    }
}
