import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// A click on a tree row selects that node, a click in the inspector focuses it, and the wheel scrolls whatever
/// has the focus.
@Test func clicksSelectRowsAndTheWheelScrolls() async throws {
    var session = Session(library: try await RecordedSearch.make())
    session.open(run: 1)
    session.move(to: .root)
    // Tall enough that the recorded tree leaves empty rows below it.
    var canvas = Canvas(width: 120, height: 72)
    session.render(into: &canvas, now: 0)
    let layout = Layout(canvas.size)
    let third = try #require(session.viewport.outline.rows(from: 2, count: 1).first).node
    // The tree pane's first row is its column header; the outline's rows start below it.
    session.handle(.mouse(MouseEvent(.press(.left), x: 6, y: layout.tree.y + 3)))
    #expect(session.cursor == third)
    #expect(session.focus == .tree)

    session.handle(.mouse(MouseEvent(.wheelDown, x: 6, y: layout.tree.y + 3)))
    #expect(session.cursor == session.viewport.outline.rows(from: 3, count: 1).first?.node)

    session.handle(.mouse(MouseEvent(.press(.left), x: layout.inspector.x + 4, y: layout.inspector.y + 5)))
    #expect(session.focus == .inspector)
    #expect(
        session.cursor == session.viewport.outline.rows(from: 3, count: 1).first?.node,
        "a click in the inspector keeps the node"
    )
    session.handle(.mouse(MouseEvent(.wheelDown, x: layout.inspector.x + 4, y: layout.inspector.y + 5)))
    session.handle(.mouse(MouseEvent(.wheelDown, x: layout.inspector.x + 4, y: layout.inspector.y + 5)))
    #expect(session.inspector.scroll == 2)
    session.handle(.mouse(MouseEvent(.wheelUp, x: layout.inspector.x + 4, y: layout.inspector.y + 5)))
    #expect(session.inspector.scroll == 1)

    // The header row and the space below the last row select nothing.
    let before = session.cursor
    session.handle(.mouse(MouseEvent(.press(.left), x: 6, y: layout.tree.y)))
    #expect(session.cursor == before)
    #expect(session.viewport.outline.rowCount < layout.tree.height - 2, "the recorded tree leaves empty rows below it")
    session.handle(.mouse(MouseEvent(.press(.left), x: 6, y: layout.tree.maxY - 1)))
    #expect(session.cursor == before)
}

/// Keys act on the focused pane and the wheel on the pane under the pointer: with the inspector focused, `G` goes
/// to the end of its text (not the tree's last row); the wheel over the inspector scrolls it even while the tree
/// has the focus, and leaves the tree's cursor where it was.
@Test func keysActOnTheFocusedPaneAndTheWheelOnThePaneUnderIt() async throws {
    var session = Session(library: try await RecordedSearch.make())
    session.open(run: 1)
    let tree = try #require(session.tree)
    let debated = try #require(tree.nodes.first { $0.debated && $0.parent != nil })
    session.move(to: debated.id)
    session.perform(.tab(.debate))
    var canvas = Canvas(width: 120, height: 35)
    session.render(into: &canvas, now: 0)
    let layout = Layout(canvas.size)
    let cursor = session.cursor

    session.perform(.switchPane)
    #expect(session.focus == .inspector)
    session.perform(.bottom)
    session.render(into: &canvas, now: 0)
    let last = session.inspector.scroll
    #expect(last > 0, "G scrolled the debate to its last page")
    #expect(session.cursor == cursor)
    session.perform(.bottom)
    session.render(into: &canvas, now: 0)
    #expect(session.inspector.scroll == last, "laying out the frame clamps the scroll to the last page")
    session.perform(.up)
    #expect(session.inspector.scroll == last - 1, "one k after G moves one line back")
    session.perform(.nextSibling)
    #expect(session.cursor == cursor, "J in the inspector does not move the tree")

    session.perform(.top)
    #expect(session.inspector.scroll == 0)
    session.perform(.switchPane)
    #expect(session.focus == .tree)
    session.handle(.mouse(MouseEvent(.wheelDown, x: layout.inspector.x + 4, y: layout.inspector.y + 5)))
    #expect(session.inspector.scroll == 1)
    #expect(session.focus == .tree)
    #expect(session.cursor == cursor)
    session.handle(.mouse(MouseEvent(.wheelDown, x: 6, y: layout.tree.y + 3)))
    #expect(session.cursor != cursor, "the wheel over the tree moves its cursor")
}

/// A click on an inspector tab's title picks that tab, in the full titles of a wide pane and the short ones of a
/// narrow one.
@Test func clickingATabPicksIt() async throws {
    var session = Session(library: try await RecordedSearch.make())
    session.open(run: 1)
    for size in [TerminalSize(width: 160, height: 48), TerminalSize(width: 120, height: 35)] {
        var canvas = Canvas(width: size.width, height: size.height)
        session.render(into: &canvas, now: 0)
        let layout = Layout(canvas.size)
        let bar = canvas.renderText()[layout.inspector.y + 2]
        for tab in [InspectorTab.debate, .why, .children] {
            let title = InspectorView.tabLabels(width: layout.inspector.width).first { $0.tab == tab }!
            #expect(bar.contains(title.label.trimmingCharacters(in: .whitespaces)))
            session.handle(
                .mouse(MouseEvent(.press(.left), x: layout.inspector.x + title.x + 1, y: layout.inspector.y + 2)))
            #expect(session.inspector.tab == tab, "\(size)")
        }
    }
}

/// A click on the replay's timeline goes to the event under it: the bar's first cell is event 1, its last the end.
@Test func clickingTheTimelineSeeks() async throws {
    var session = Session(library: try await RecordedSearch.make())
    session.replay(run: 1)
    let size = TerminalSize(width: 120, height: 35)
    var canvas = Canvas(width: size.width, height: size.height)
    session.render(into: &canvas, now: 0)
    let timeline = try #require(session.timeline)
    let line = try #require(session.lastLayout?.timeline)
    let bar = TimelineBar(timeline: timeline, playing: false).bar(width: line.width)
    session.handle(.mouse(MouseEvent(.press(.left), x: bar.x, y: line.y)))
    #expect(session.timeline?.position == 1)
    session.render(into: &canvas, now: 0)
    let moved = TimelineBar(timeline: try #require(session.timeline), playing: false).bar(width: line.width)
    session.handle(.mouse(MouseEvent(.press(.left), x: moved.x + moved.width - 1, y: line.y)))
    let total = timeline.records.count
    #expect(session.timeline?.position == (moved.width - 1) * total / moved.width + 1)
    session.handle(.mouse(MouseEvent(.press(.left), x: 0, y: line.y)))
    #expect(session.timeline?.position == (moved.width - 1) * total / moved.width + 1, "the label is not the bar")
}
