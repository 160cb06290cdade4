import ArborTesting
import Foundation
import Testing

/// Keys of `arbor replay` in a real terminal (tmux) that once misbehaved: which pane a key acts on, and what the
/// annotation prompt says it will do with the words typed.
@Suite(.serialized) struct ReplayKeysTmuxTests {
    let arbor: String
    let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../sample-runs/miniweb.db").standardized.path

    init() throws { arbor = try arborExecutable().path }

    /// The status bar: the screen's last line that is not blank.
    private func status(_ screen: [String]) -> String {
        screen.last { !$0.allSatisfy(\.isWhitespace) } ?? ""
    }

    /// The inspector's first line: its title, which names the node under the tree's cursor.
    private func inspectorTitle(_ screen: [String]) -> String? {
        guard screen.count > 2, let bar = screen[2].firstIndex(of: "│") else { return nil }
        return String(screen[2][screen[2].index(after: bar)...]).trimmingCharacters(in: .whitespaces)
    }

    /// With the inspector focused, `G` scrolls the inspector and leaves the tree's cursor where it was (it used to
    /// move the tree's cursor); the focused pane's title bar shows where keys go; back on the tree, `G` moves its
    /// cursor.
    @Test func keysActOnTheFocusedPaneAndFocusIsVisible() throws {
        let tmux = try Tmux(width: 120, height: 35, command: [arbor, "replay", samples, "--run", "1"])
        defer { tmux.close() }
        let opened = try tmux.waitFor { inspectorTitle($0)?.hasPrefix("n") == true }
        let title = try #require(inspectorTitle(opened))
        let unfocused = try #require(try tmux.screen(escapes: true).dropFirst(2).first)

        try tmux.send(keys: "Tab")
        let focused = try tmux.waitFor { _ in (try? tmux.screen(escapes: true).dropFirst(2).first) != unfocused }
        #expect(inspectorTitle(focused) == title, "Tab moves the focus, not the cursor")
        try tmux.send(keys: "G", "k", "G")
        // Keys are taken in order: once `:` opens its prompt, G and k were taken before it.
        try tmux.send(keys: ":")
        let scrolled = try tmux.waitFor { status($0).hasPrefix(":") }
        #expect(inspectorTitle(scrolled) == title, "G in the inspector leaves the tree's cursor alone")
        try tmux.send(keys: "Escape")

        try tmux.send(keys: "Tab", "G")
        let moved = try tmux.waitFor { screen in inspectorTitle(screen).map { $0 != title } == true }
        #expect(inspectorTitle(moved) != title, "G on the focused tree goes to its last row")
    }

    /// `t` and `T` take the first word as the label and the rest as a note: the prompt says so before anything is
    /// typed, and Esc leaves nothing behind.
    @Test func theAnnotationPromptSaysTheFirstWordIsTheLabel() throws {
        let tmux = try Tmux(width: 80, height: 24, command: [arbor, "replay", samples, "--run", "1"])
        defer { tmux.close() }
        try tmux.waitFor { $0.count > 1 && $0[1].hasPrefix("Task ") }
        try tmux.send(keys: "t")
        let node = status(try tmux.waitFor { status($0).hasPrefix("annotate") })
        #expect(node.hasPrefix("annotate node (label note…): ▏"), "\(node)")
        // Esc on its own: Esc and a key at once would be read as Alt and that key.
        try tmux.send(keys: "Escape")
        try tmux.waitFor { !status($0).hasPrefix("annotate") }
        try tmux.send(keys: "T")
        let trajectory = status(try tmux.waitFor { status($0).hasPrefix("annotate trajectory") })
        #expect(trajectory.hasPrefix("annotate trajectory (label note…): ▏"), "\(trajectory)")
        try tmux.send(keys: "Escape")
        let closed = status(try tmux.waitFor { !status($0).hasPrefix("annotate") })
        // At 80 columns the status bar keeps `? help`, the way to everything else.
        #expect(closed.hasSuffix("? help"), "\(closed)")
    }
}
