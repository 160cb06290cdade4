import ArborCore
import Foundation
import TerminalKit

/// Draws a whole frame of the session: header, the page (runs, episodes or tree + inspector), status bar, and any
/// overlay (help) or prompt line. Only the visible rows of a tree are laid out.
public enum Screen {
    public static func render(_ session: inout Session, into canvas: inout Canvas, now: Double = Date().timeIntervalSince1970) {
        canvas.fill()
        guard canvas.requireSize(Layout.minimum) else { return }
        let layout = Layout(canvas.size, timeline: session.timeline != nil)
        session.lastLayout = layout
        drawHeader(session, layout.header, into: &canvas)
        switch session.page {
        case .runs: canvas.withRegion(mainArea(layout)) { RunsPage(session: session).draw(into: &$0) }
        case .episodes: canvas.withRegion(mainArea(layout)) { EpisodesPage(session: session).draw(into: &$0) }
        case .tree: drawTree(&session, layout, into: &canvas)
        }
        if let timeline = session.timeline { TimelineBar(timeline: timeline, playing: session.autoplay).draw(layout.timeline, into: &canvas) }
        drawStatus(session, layout.status, now: now, into: &canvas)
        if session.showsHelp { HelpOverlay.draw(into: &canvas, scroll: session.helpScroll) }
    }

    private static func mainArea(_ layout: Layout) -> Rect {
        Rect(x: 0, y: 2, width: layout.status.width, height: layout.status.y - 2 - layout.timeline.height)
    }

    private static func drawHeader(_ session: Session, _ rect: Rect, into canvas: inout Canvas) {
        canvas.withRegion(rect) { c in
            var x = c.put("Arbor", x: 0, y: 0, style: Style(.title, .bold))
            if let started = session.model?.state.started, let run = session.model?.run {
                let what = " · run \(run) · \(started.method) · \(started.environment) · \(started.model)"
                x = c.put(TerminalText.sanitize(what), x: x, y: 0, style: Style(.muted))
            }
            let mode = session.mode
            let label: String =
                switch mode {
                case .live: session.frozen ? "FROZEN" : "● LIVE"
                default: mode.rawValue.uppercased()
                }
            let style: Style =
                switch mode {
                case .live: Style(.success, .bold)
                case .finished: Style(.accent)
                case .interrupted, .failed: Style(.warning, .bold)
                default: Style(.muted)
                }
            if session.model != nil { _ = c.put(label, x: max(x + 1, c.width - label.count - 1), y: 0, style: style) }
            if let tree = session.tree {
                let x = c.put("Task ", x: 0, y: 1, style: Style(.muted))
                _ = c.put(TerminalText.sanitize(tree.task), x: x, y: 1, style: Style(.normal, .bold), maxWidth: c.width - x)
            } else if session.page == .runs {
                _ = c.put("Runs in this file — Enter opens one", x: 0, y: 1, style: Style(.muted))
            } else {
                _ = c.put("Episodes of this run — Enter opens one, Esc goes back to runs", x: 0, y: 1, style: Style(.muted))
            }
        }
    }

    private static func drawTree(_ session: inout Session, _ layout: Layout, into canvas: inout Canvas) {
        guard let tree = session.tree else { return }
        session.treeHeight = layout.tree.height
        session.inspectorHeight = layout.inspector.height
        session.reveal()
        let rows = session.outline.rows(from: session.scrollTop, count: max(0, layout.tree.height - 1))
        let view = TreeView(
            tree: tree, rows: rows, cursor: session.cursor, active: session.isLive ? tree.activeNode : nil,
            focused: session.focus == .tree, annotated: session.annotatedNodes)
        canvas.withRegion(layout.tree) { view.draw(into: &$0) }
        if layout.sideBySide {
            canvas.verticalLine(x: layout.tree.maxX, y: layout.tree.y, length: layout.tree.height)
        } else {
            canvas.horizontalLine(x: 0, y: layout.tree.maxY, length: layout.tree.width)
        }
        guard let model = session.model else { return }
        var blobs: [BlobRef: String] = [:]
        // The inspector asks for texts while drawing; read them through the session's cache first.
        let node = tree[session.cursor]
        var wanted = [node.observation, node.rationale].compactMap { $0 }
        let details = model.details(episode: tree.episode, node: session.cursor)
        wanted += details.debates.last?.turns.map(\.text) ?? []
        if let index = session.expandedCall, details.calls.indices.contains(index) {
            wanted += [details.calls[index].prompt, details.calls[index].completion].compactMap { $0 }
        }
        for ref in wanted { blobs[ref] = session.text(ref) }
        let inspector = InspectorView(
            model: model, tree: tree, node: session.cursor, tab: session.tab, scroll: session.inspectorScroll,
            focused: session.focus == .inspector, expandedCall: session.expandedCall, text: { blobs[$0] },
            explorationConstant: session.explorationConstant,
            annotations: session.annotations.filter { $0.marks(episode: tree.episode, node: session.cursor) })
        canvas.withRegion(layout.inspector) { inspector.draw(into: &$0) }
    }

    private static func drawStatus(_ session: Session, _ rect: Rect, now: Double, into canvas: inout Canvas) {
        canvas.withRegion(rect) { c in
            c.fill(style: Style(.statusBar))
            if let prompt = session.prompt {
                let text: String =
                    switch prompt {
                    case .command(let t): ":" + t
                    case .search(let t): "/" + t
                    case .annotate(let t, let trajectory): (trajectory ? "annotate trajectory: " : "annotate node: ") + t
                    }
                // A long line (a prefilled fork prompt) shows its end, where the typing is.
                let room = max(1, c.width - 2)
                let shown = text.count > room ? "…" + String(text.suffix(room - 1)) : text
                _ = c.put(shown + "▏", x: 0, y: 0, style: Style(.statusBar, .bold))
                return
            }
            var parts: [String] = []
            if let model = session.model {
                let state = model.state
                if let tree = session.tree {
                    parts.append("ep \(tree.episode + 1)/\(state.episodes.count)")
                    parts.append("step \(tree.committedPath.count - 1)")
                    parts.append("iter \(tree.iteration)")
                    parts.append("\(Figures.count(tree.nodes.count)) nodes")
                    if let outcome = tree.outcome { parts.append(outcome.success ? "✓" : "✗") }
                }
                parts.append("\(Figures.count(state.modelCalls)) calls")
                parts.append("\(Figures.count(state.tokensIn + state.tokensOut)) tok")
                if state.costUSD > 0 { parts.append(String(format: "$%.3f", state.costUSD)) }
                if let started = model.state.started.map({ _ in firstTime(model) }) {
                    let end = session.isLive ? now : state.lastTime
                    parts.append(Figures.duration(end - started))
                }
                if session.isLive { parts.append(session.follow ? "follow" : "follow off") }
                if session.frozen { parts.append("+\(session.pending.count) waiting") }
            }
            let hint = "? help  q quit "
            var x = c.put(" " + parts.joined(separator: " · "), x: 0, y: 0, style: Style(.statusBar))
            if let message = session.message {
                x = c.put("  " + TerminalText.sanitize(message), x: x, y: 0, style: Style(.statusBar, .bold))
            }
            if x + hint.count < c.width { _ = c.put(hint, x: c.width - hint.count, y: 0, style: Style(.statusBar)) }
        }
    }

    private static func firstTime(_ model: RunModel) -> Double { model.firstTime ?? model.state.lastTime }
}
