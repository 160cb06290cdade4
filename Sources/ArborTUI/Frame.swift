import ArborCore
import Foundation
import TerminalKit

/// What a frame shows besides the session itself, worked out before drawing: where the panes go for the window's
/// size, and what the node under the cursor needs read from the run (texts, earlier runs' lessons, its screenshot).
/// ``Screen`` draws a session and its frame without changing either.
struct Frame {
    var layout: Layout
    /// The tree pane's rows in sight.
    var treeRows: [OutlineRow] = []
    /// The texts the inspector shows for the node under the cursor.
    var texts: [BlobRef: String] = [:]
    /// Lessons retrieved along the cursor's path that an earlier run made (the Reflections and Why tabs).
    var lessons: [String: StoredLesson] = [:]
    /// The cursor's screenshot in the Observation tab's room, when that tab is shown.
    var picture: Pictures.Shown?
    /// The cursor's screenshot over the whole page, when it is zoomed (`z`).
    var zoomedPicture: Pictures.Shown?
}

extension Session {
    /// Draws the whole frame for the canvas's size: lays it out, then has ``Screen`` draw it.
    public mutating func render(into canvas: inout Canvas, now: Double) {
        let frame = layOut(canvas.size)
        pictures.placement = Screen.render(self, frame, into: &canvas, now: now)
    }

    /// Lays the screen out for a window of `size`: the panes' places, the tree's and the inspector's heights, the
    /// tree's scroll (so the cursor's row is in sight) and the inspector's (clamped to its last page), and what the
    /// node under the cursor needs read; nil when the window is too small to draw in.
    mutating func layOut(_ size: TerminalSize) -> Frame? {
        guard size.width >= Layout.minimum.width, size.height >= Layout.minimum.height else { return nil }
        let layout = Layout(size, timeline: timeline != nil)
        lastLayout = layout
        var frame = Frame(layout: layout)
        guard page == .tree, let tree, let model else { return frame }
        // The pane's last line is the principal variation, so the rows get one line less.
        viewport.height = layout.tree.height - 1
        inspector.height = layout.inspector.height
        reveal()
        frame.treeRows = viewport.outline.rows(from: viewport.scrollTop, count: max(0, viewport.height - 1))
        let node = tree[cursor]
        var wanted = [node.observation, node.rationale].compactMap { $0 }
        let details = model.details(episode: tree.episode, node: cursor)
        wanted += details.debates.last?.turns.map(\.text) ?? []
        // A refused child's reason is its observation; the Children tab shows it (a terminal failure is the only kind).
        if inspector.tab == .children {
            wanted += node.children.filter { tree[$0].terminal && tree[$0].success == false }
                .compactMap { tree[$0].observation }
        }
        if let index = inspector.expandedCall, details.calls.indices.contains(index) {
            wanted += [details.calls[index].prompt, details.calls[index].completion].compactMap { $0 }
        }
        for ref in wanted { frame.texts[ref] = text(ref) }
        if inspector.tab == .reflections || inspector.tab == .why {
            let made = Set(model.state.reflections.map(\.id))
            for id in tree.path(to: cursor) {
                for retrieval in model.details(episode: tree.episode, node: id).retrieved {
                    for lesson in retrieval.ids where !made.contains(lesson) {
                        frame.lessons[lesson] = self.lesson(lesson)
                    }
                }
            }
        }
        if inspector.tab == .observation {
            frame.picture = cursorPicture(
                fitting: InspectorView.pictureRoom(
                    pane: TerminalSize(width: layout.inspector.width, height: layout.inspector.height)))
        }
        if pictures.zoomed {
            frame.zoomedPicture = cursorPicture(fitting: Screen.zoomRoom(in: Screen.mainArea(layout)))
        }
        // A scroll of 0 needs no clamping; otherwise the body is wrapped once more to find its last page.
        if inspector.scroll > 0 {
            inspector.scroll = Screen.inspectorView(self, frame, tree: tree, model: model).honouredScroll(
                in: TerminalSize(width: layout.inspector.width, height: layout.inspector.height))
        }
        return frame
    }
}
