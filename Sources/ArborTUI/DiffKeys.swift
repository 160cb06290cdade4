import TerminalKit

/// Everything a key can do on the diff screen.
public enum DiffMove: Hashable, Sendable {
    case down, up, top, bottom, pageDown, pageUp
    case switchFocus, back, nextDiffering, previousDiffering, nextTask, previousTask
    case treeA, treeB, help, quit
}

/// The diff screen's key map; its help overlay is generated from it.
enum DiffKeys {
    static let bindings: [KeyBinding<DiffMove>] = {
        func c(_ s: Character) -> InputEvent { .character(s) }
        return [
            KeyBinding(
                keys: [c("j"), .key(.down)], label: "j ↓", command: .down, help: "next task or step", group: "Move"),
            KeyBinding(
                keys: [c("k"), .key(.up)], label: "k ↑", command: .up, help: "previous task or step", group: "Move"),
            KeyBinding(keys: [c("g"), .key(.home)], label: "g Home", command: .top, help: "first line", group: "Move"),
            KeyBinding(keys: [c("G"), .key(.end)], label: "G End", command: .bottom, help: "last line", group: "Move"),
            KeyBinding(
                keys: [.key(.pageDown), .control("f")], label: "PgDn ^F", command: .pageDown, help: "page down",
                group: "Move"),
            KeyBinding(
                keys: [.key(.pageUp), .control("b")], label: "PgUp ^B", command: .pageUp, help: "page up", group: "Move"
            ),
            KeyBinding(
                keys: [c("n")], label: "n", command: .nextDiffering, help: "next differing outcome", group: "Tasks"),
            KeyBinding(
                keys: [c("N")], label: "N", command: .previousDiffering, help: "previous differing outcome",
                group: "Tasks"
            ),
            KeyBinding(keys: [c("]")], label: "]", command: .nextTask, help: "next task", group: "Tasks"),
            KeyBinding(keys: [c("[")], label: "[", command: .previousTask, help: "previous task", group: "Tasks"),
            KeyBinding(
                keys: [.key(.enter), .key(.tab), .key(.backTab)], label: "Tab ↵", command: .switchFocus,
                help: "task list ⇄ trajectories", group: "View"),
            KeyBinding(
                keys: [.key(.escape)], label: "Esc", command: .back, help: "back to the task list", group: "View"),
            KeyBinding(keys: [c("a")], label: "a", command: .treeA, help: "A's tree at the divergence", group: "View"),
            KeyBinding(keys: [c("b")], label: "b", command: .treeB, help: "B's tree at the divergence", group: "View"),
            KeyBinding(keys: [c("?")], label: "?", command: .help, help: "this help", group: "View"),
            KeyBinding(keys: [c("q")], label: "q", command: .quit, help: "quit", group: "View"),
        ]
    }()

    static func move(for event: InputEvent) -> DiffMove? { bindings.command(for: event) }

    static func helpLines() -> [StyledLine] {
        var lines = HelpOverlay.keyLines(bindings.map { ($0.label, $0.help, $0.group) })
        lines.append(StyledLine("Marks", Style(.title, .bold)))
        lines.append(StyledLine([("  ≠  ", Style(.warning)), ("the outcomes differ", .normal)]))
        lines.append(StyledLine([("  ▶  ", Style(.divergence)), ("first step where they part", .normal)]))
        lines.append(StyledLine([("  dim ", Style(.muted)), ("steps both sides took", .normal)]))
        return lines
    }
}
