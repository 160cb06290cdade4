import TerminalKit

/// Everything a key can do on the diff screen.
public enum DiffMove: Hashable, Sendable {
    case down, up, top, bottom, pageDown, pageUp
    case switchFocus, back, nextDiffering, previousDiffering, nextTask, previousTask
    case treeA, treeB, help, quit
}

/// The diff screen's key map; its help overlay is generated from it.
enum DiffKeys {
    struct Binding: Sendable {
        var keys: [InputEvent]
        var label: String
        var move: DiffMove
        var help: String
        var group: String
    }

    static let bindings: [Binding] = {
        func c(_ s: Character) -> InputEvent { .character(s) }
        return [
            Binding(keys: [c("j"), .key(.down)], label: "j ↓", move: .down, help: "next task or step", group: "Move"),
            Binding(keys: [c("k"), .key(.up)], label: "k ↑", move: .up, help: "previous task or step", group: "Move"),
            Binding(keys: [c("g"), .key(.home)], label: "g Home", move: .top, help: "first line", group: "Move"),
            Binding(keys: [c("G"), .key(.end)], label: "G End", move: .bottom, help: "last line", group: "Move"),
            Binding(
                keys: [.key(.pageDown), .control("f")], label: "PgDn ^F", move: .pageDown, help: "page down",
                group: "Move"),
            Binding(
                keys: [.key(.pageUp), .control("b")], label: "PgUp ^B", move: .pageUp, help: "page up", group: "Move"),
            Binding(keys: [c("n")], label: "n", move: .nextDiffering, help: "next differing outcome", group: "Tasks"),
            Binding(
                keys: [c("N")], label: "N", move: .previousDiffering, help: "previous differing outcome", group: "Tasks"
            ),
            Binding(keys: [c("]")], label: "]", move: .nextTask, help: "next task", group: "Tasks"),
            Binding(keys: [c("[")], label: "[", move: .previousTask, help: "previous task", group: "Tasks"),
            Binding(
                keys: [.key(.enter), .key(.tab), .key(.backTab)], label: "Tab ↵", move: .switchFocus,
                help: "task list ⇄ trajectories", group: "View"),
            Binding(keys: [.key(.escape)], label: "Esc", move: .back, help: "back to the task list", group: "View"),
            Binding(keys: [c("a")], label: "a", move: .treeA, help: "A's tree at the divergence", group: "View"),
            Binding(keys: [c("b")], label: "b", move: .treeB, help: "B's tree at the divergence", group: "View"),
            Binding(keys: [c("?")], label: "?", move: .help, help: "this help", group: "View"),
            Binding(keys: [c("q")], label: "q", move: .quit, help: "quit", group: "View"),
        ]
    }()

    static func move(for event: InputEvent) -> DiffMove? { bindings.first { $0.keys.contains(event) }?.move }

    static func helpLines() -> [StyledLine] {
        var lines = HelpOverlay.keyLines(bindings.map { ($0.label, $0.help, $0.group) })
        lines.append(StyledLine("Marks", Style(.title, .bold)))
        lines.append(StyledLine([("  ≠  ", Style(.warning)), ("the outcomes differ", .normal)]))
        lines.append(StyledLine([("  ▶  ", Style(.divergence)), ("first step where they part", .normal)]))
        lines.append(StyledLine([("  dim ", Style(.muted)), ("steps both sides took", .normal)]))
        return lines
    }
}
