import TerminalKit

/// Everything a key can do in the front end.
public enum Command: Hashable, Sendable {
    case down, up, toParent, toChild, nextSibling, previousSibling, top, bottom, pageDown, pageUp
    case toggleFold, open, back, switchPane, follow, freeze, nextTab, previousTab
    case tab(InspectorTab)
    case jumpToActive, jumpToCommitted, help, commandLine, search, nextMatch, previousMatch, quit
    case steer(Steer)
    case replay(ReplayMove)
    case annotateNode, annotateTrajectory
    case rootView, wholeTree
    case zoomPicture
}

/// One row of a key map (the front end's ``Command``s, the diff screen's ``DiffMove``s): the keys, how the help shows
/// them, and what they do.
public struct KeyBinding<Action: Sendable>: Sendable {
    public var keys: [InputEvent]
    public var label: String
    public var command: Action
    public var help: String
    public var group: String
}

extension Array {
    /// What the first binding holding `event` does, if one does.
    func command<Action>(for event: InputEvent) -> Action? where Element == KeyBinding<Action> {
        first { $0.keys.contains(event) }?.command
    }
}

/// The key map. The help overlay is generated from it, so the two can never disagree.
public enum KeyMap {
    public static let bindings: [KeyBinding<Command>] = {
        func c(_ s: Character) -> InputEvent { .character(s) }
        return [
            KeyBinding(keys: [c("j"), .key(.down)], label: "j ↓", command: .down, help: "next line", group: "Move"),
            KeyBinding(keys: [c("k"), .key(.up)], label: "k ↑", command: .up, help: "previous line", group: "Move"),
            KeyBinding(
                keys: [c("h"), .key(.left)], label: "h ←", command: .toParent, help: "fold, or go to parent",
                group: "Move"),
            KeyBinding(
                keys: [c("l"), .key(.right)], label: "l →", command: .toChild, help: "unfold / go to best child",
                group: "Move"),
            KeyBinding(keys: [c("J")], label: "J", command: .nextSibling, help: "next sibling", group: "Move"),
            KeyBinding(keys: [c("K")], label: "K", command: .previousSibling, help: "previous sibling", group: "Move"),
            KeyBinding(keys: [c("g"), .key(.home)], label: "g Home", command: .top, help: "first line", group: "Move"),
            KeyBinding(keys: [c("G"), .key(.end)], label: "G End", command: .bottom, help: "last line", group: "Move"),
            KeyBinding(
                keys: [.key(.pageDown), .control("f")], label: "PgDn ^F", command: .pageDown, help: "page down",
                group: "Move"),
            KeyBinding(
                keys: [.key(.pageUp), .control("b")], label: "PgUp ^B", command: .pageUp, help: "page up", group: "Move"
            ),
            KeyBinding(
                keys: [c("a")], label: "a", command: .jumpToActive, help: "go to the active node", group: "Move"),
            KeyBinding(
                keys: [c("C")], label: "C", command: .jumpToCommitted, help: "go to the committed node", group: "Move"),
            KeyBinding(
                keys: [c("r")], label: "r R", command: .rootView, help: "view from here / all ⇄ now",
                group: "View"),
            KeyBinding(keys: [c("R")], label: "R", command: .wholeTree, help: "", group: "View"),
            KeyBinding(
                keys: [.key(.enter)], label: "Enter", command: .open, help: "open · fold · show a call", group: "View"),
            KeyBinding(
                keys: [.key(.escape)], label: "Esc", command: .back, help: "back: pane, episodes, runs", group: "View"),
            KeyBinding(
                keys: [.key(.tab), .key(.backTab)], label: "Tab", command: .switchPane, help: "tree ⇄ inspector",
                group: "View"),
            KeyBinding(keys: [c("]")], label: "]", command: .nextTab, help: "next inspector tab", group: "View"),
            KeyBinding(
                keys: [c("[")], label: "[", command: .previousTab, help: "previous inspector tab", group: "View"),
            KeyBinding(
                keys: InspectorTab.allCases.map { c(Character(String($0.rawValue + 1))) },
                label: "1–\(InspectorTab.allCases.count)",
                command: .tab(.children), help: "inspector tab by number", group: "View"),
            KeyBinding(
                keys: [c("z")], label: "z", command: .zoomPicture, help: "screenshot ⇄ whole window",
                group: "View"),
            KeyBinding(keys: [c("F")], label: "F", command: .follow, help: "follow the active node", group: "Live"),
            KeyBinding(keys: [c("Z")], label: "Z", command: .freeze, help: "freeze (events wait)", group: "Live"),
            KeyBinding(
                keys: [c("t")], label: "t T", command: .annotateNode, help: "annotate node / trajectory",
                group: "Annotate"),
            KeyBinding(keys: [c("T")], label: "T", command: .annotateTrajectory, help: "", group: "Annotate"),
        ] + Steer.bindings + ReplayMove.bindings + [
            KeyBinding(keys: [c("/")], label: "/", command: .search, help: "search actions and pages", group: "Find"),
            KeyBinding(keys: [c("n")], label: "n", command: .nextMatch, help: "next match", group: "Find"),
            KeyBinding(keys: [c("N")], label: "N", command: .previousMatch, help: "previous match", group: "Find"),
            KeyBinding(
                keys: [c(":")], label: ":", command: .commandLine, help: "command line (Commands)", group: "Find"),
            KeyBinding(keys: [c("?")], label: "?", command: .help, help: "this help", group: "Find"),
            KeyBinding(keys: [c("q")], label: "q", command: .quit, help: "quit", group: "Find"),
        ]
    }()

    /// The command a key means, if any. Digits pick inspector tabs.
    public static func command(for event: InputEvent) -> Command? {
        if case .character(let ch) = event, let digit = ch.wholeNumberValue, let tab = InspectorTab(rawValue: digit - 1)
        {
            return .tab(tab)
        }
        return bindings.command(for: event)
    }
}
