import ArborCore
import Foundation
import TerminalKit
import TerminalPictures

/// Draws a whole frame of the session: header, the page (runs, episodes or tree + inspector), status bar, and any
/// overlay (help) or prompt line. Only the visible rows of a tree are laid out. It changes nothing: the session lays
/// the frame out first (``Session/layOut(_:)``: the panes' places and scrolls, what the cursor's node needs read).
enum Screen {
    /// Draws `session` as `frame` lays it out (nil: the window is too small) and returns where it put a pixel
    /// picture, for the front end to write after the text; nil when it put none.
    static func render(_ session: Session, _ frame: Frame?, into canvas: inout Canvas, now: Double) -> Pictures
        .Placement?
    {
        canvas.fill()
        guard canvas.requireSize(Layout.minimum), let frame else { return nil }
        let layout = frame.layout
        var placement: Pictures.Placement?
        drawHeader(session, layout.header, into: &canvas)
        switch session.page {
        case .runs: canvas.withRegion(mainArea(layout)) { RunsPage(session: session).draw(into: &$0) }
        case .episodes: canvas.withRegion(mainArea(layout)) { EpisodesPage(session: session).draw(into: &$0) }
        case .tree: placement = drawTree(session, frame, into: &canvas)
        }
        if session.pictures.zoomed { placement = drawZoomedPicture(session, frame, into: &canvas) }
        if let timeline = session.timeline {
            TimelineBar(timeline: timeline, playing: session.autoplay).draw(layout.timeline, into: &canvas)
        }
        drawStatus(session, layout.status, now: now, into: &canvas)
        if session.showsHelp { HelpOverlay.draw(into: &canvas, scroll: session.helpScroll) }
        if session.showsMessages {
            HelpOverlay.draw(
                into: &canvas, scroll: session.helpScroll,
                lines: HelpOverlay.messageLines(session.messages, width: canvas.width), title: "Messages",
                columnWidth: nil)
        }
        // An overlay or a prompt covers the page: a pixel picture, which would sit on top of them, is not written.
        return session.showsHelp || session.showsMessages || session.prompt != nil ? nil : placement
    }

    static func mainArea(_ layout: Layout) -> Rect {
        Rect(x: 0, y: 2, width: layout.status.width, height: layout.status.y - 2 - layout.timeline.height)
    }

    /// The room a zoomed screenshot has on the page `rect`: all of it but the line naming the node.
    static func zoomRoom(in rect: Rect) -> TerminalSize { TerminalSize(width: rect.width, height: rect.height - 1) }

    private static func drawHeader(_ session: Session, _ rect: Rect, into canvas: inout Canvas) {
        canvas.withRegion(rect) { c in
            var x = c.put("Arbor", x: 0, y: 0, style: Style(.title, .bold))
            if let started = session.model?.state.started, let run = session.model?.run {
                let what = " · run \(run) · \(started.method) · \(started.environmentName) · \(started.model)"
                x = c.put(TerminalText.sanitize(what), x: x, y: 0, style: Style(.muted))
            }
            let mode = session.mode
            let label: String =
                switch mode {
                case .live where session.followLost != nil: "NOT FOLLOWING"
                case .live: session.frozen ? "FROZEN" : "● LIVE"
                default: mode.rawValue.uppercased()
                }
            let style: Style =
                switch mode {
                case .live where session.followLost != nil: Style(.warning, .bold)
                case .live: Style(.success, .bold)
                case .finished: Style(.accent)
                case .interrupted, .failed: Style(.warning, .bold)
                default: Style(.muted)
                }
            if session.model != nil { _ = c.put(label, x: max(x + 1, c.width - label.count - 1), y: 0, style: style) }
            if session.page == .tree, let tree = session.tree {
                let x = c.put("Task ", x: 0, y: 1, style: Style(.muted))
                _ = c.put(
                    TerminalText.sanitize(tree.task), x: x, y: 1, style: Style(.normal, .bold), maxWidth: c.width - x)
            } else if session.page == .runs {
                _ = c.put("Runs in this store — Enter opens one", x: 0, y: 1, style: Style(.muted))
            } else {
                _ = c.put(
                    "Episodes of this run — Enter opens one, Esc goes back to runs", x: 0, y: 1, style: Style(.muted))
            }
        }
    }

    private static func drawTree(_ session: Session, _ frame: Frame, into canvas: inout Canvas) -> Pictures.Placement? {
        guard let tree = session.tree else { return nil }
        let layout = frame.layout
        let view = TreeView(
            tree: tree, rows: frame.treeRows, top: session.viewport.outline.top, cursor: session.cursor,
            active: session.isLive ? tree.activeNode : nil,
            focused: session.focus == .tree, annotated: session.annotatedNodes)
        canvas.withRegion(layout.tree) { view.draw(into: &$0) }
        if layout.sideBySide {
            canvas.verticalLine(x: layout.tree.maxX, y: layout.tree.y, length: layout.tree.height)
        } else {
            canvas.horizontalLine(x: 0, y: layout.tree.maxY, length: layout.tree.width)
        }
        guard let model = session.model else { return nil }
        let inspector = inspectorView(session, frame, tree: tree, model: model)
        canvas.withRegion(layout.inspector) { inspector.draw(into: &$0) }
        // A pixel picture goes up only whole: scrolled off the top even by a row, its room shows blank.
        guard session.inspector.scroll == 0, (frame.picture?.rows ?? 0) + 3 <= layout.inspector.height,
            case .pixels(let picture) = frame.picture
        else { return nil }
        return Pictures.Placement(picture: picture, x: layout.inspector.x, y: layout.inspector.y + 3)
    }

    /// The inspector pane for the node under the cursor, with what `frame` read for it.
    static func inspectorView(_ session: Session, _ frame: Frame, tree: EpisodeTree, model: RunModel) -> InspectorView {
        InspectorView(
            model: model, tree: tree, node: session.cursor, tab: session.inspector.tab,
            scroll: session.inspector.scroll,
            focused: session.focus == .inspector, expandedCall: session.inspector.expandedCall,
            text: { frame.texts[$0] }, lesson: { frame.lessons[$0] },
            // The U column's fallback (no recorded selection yet) uses the run's own c.
            explorationConstant: model.state.started?.config["cPuct"].flatMap(Double.init) ?? 1,
            annotations: session.annotations.filter { $0.marks(episode: tree.episode, node: session.cursor) },
            picture: frame.picture)
    }

    /// `z`: the screenshot of the node under the cursor over the whole page, centred, under a line naming the node.
    private static func drawZoomedPicture(_ session: Session, _ frame: Frame, into canvas: inout Canvas)
        -> Pictures.Placement?
    {
        guard session.page == .tree, let tree = session.tree else { return nil }
        let rect = mainArea(frame.layout)
        var placement: Pictures.Placement?
        canvas.withRegion(rect) { c in
            c.fill()
            let node = tree[session.cursor]
            let title = "\(session.cursor) \(node.parent == nil ? "root" : TerminalText.sanitize(node.action))"
            let x = c.put(title, x: 0, y: 0, style: Style(.title), maxWidth: c.width - 22)
            _ = c.put("  z or Esc: back", x: x, y: 0, style: Style(.muted))
            switch frame.zoomedPicture {
            case .art(let art): art.draw(into: &c, x: (c.width - art.size.width) / 2, y: 1)
            case .pixels(let picture):
                placement = Pictures.Placement(
                    picture: picture, x: rect.x + (c.width - picture.size.width) / 2, y: rect.y + 1)
            case .problem(let reason):
                _ = c.put(
                    TerminalText.sanitize("Screenshot not shown: \(reason)"), x: 0, y: 1, style: Style(.warning))
            case nil: _ = c.put("This node has no screenshot.", x: 0, y: 1, style: Style(.muted))
            }
        }
        return placement
    }

    private static func drawStatus(_ session: Session, _ rect: Rect, now: Double, into canvas: inout Canvas) {
        canvas.withRegion(rect) { c in
            c.fill(style: Style(.statusBar))
            if let prompt = session.prompt {
                let (label, typed): (String, String) =
                    switch prompt {
                    case .command(let t): (":", t)
                    case .search(let t): ("/", t)
                    case .annotate(let t, let trajectory):
                        // The first word is the label, the rest a note: the prompt says so.
                        (trajectory ? "annotate trajectory (label note…): " : "annotate node (label note…): ", t)
                    }
                _ = c.put(
                    promptWindow(
                        label + typed,
                        cursor: label.count + min(session.promptLine?.cursor ?? typed.count, typed.count),
                        width: c.width - 1),
                    x: 0, y: 0, style: Style(.statusBar, .bold))
                return
            }
            let parts = statusParts(session, now: now)
            // `? help` stays in every width (the way to learn the rest); `q quit` joins it where there is room.
            let help = "? help "
            let hint = "? help  q quit "
            var message = session.message.map { "  " + TerminalText.sanitize($0) } ?? ""
            // When the message (what a control did, what runs next) does not fit, the least needed figures make room
            // for it, and then it is cut.
            let room = c.width - help.count - 1
            var shown = parts
            func length(_ parts: [StatusPart]) -> Int {
                (" " + parts.map(\.text).joined(separator: " · ")).displayWidth + message.displayWidth
            }
            for rank in StatusPart.dropOrder where length(shown) > room {
                shown.removeAll { $0.rank == rank }
            }
            let figures = " " + shown.map(\.text).joined(separator: " · ")
            if figures.displayWidth + message.displayWidth > room {
                var cut = Substring(message)
                while figures.displayWidth + cut.displayWidth + 1 > room, !cut.isEmpty { cut = cut.dropLast() }
                message = cut.isEmpty ? "" : cut + "…"
            }
            var x = c.put(figures, x: 0, y: 0, style: Style(.statusBar))
            if !message.isEmpty { x = c.put(message, x: x, y: 0, style: Style(.statusBar, .bold)) }
            let end = x + 1 + hint.count <= c.width ? hint : help
            _ = c.put(end, x: c.width - end.count, y: 0, style: Style(.statusBar))
        }
    }

    /// One figure of the status bar, with how readily it is left out of a narrow one.
    private struct StatusPart {
        enum Rank { case essential, time, calls, tokens, nodes, follow, cost, limit }
        /// Dropped in this order when the bar is too narrow.
        static let dropOrder: [Rank] = [.cost, .follow, .nodes, .limit, .tokens, .time, .calls]
        var text: String
        var rank: Rank
    }

    private static func statusParts(_ session: Session, now: Double) -> [StatusPart] {
        guard let model = session.model else { return [] }
        var parts: [StatusPart] = []
        func add(_ text: String, _ rank: StatusPart.Rank = .essential) {
            parts.append(StatusPart(text: text, rank: rank))
        }
        let state = model.state
        if let tree = session.tree {
            let planned = session.plannedEpisodes.flatMap { $0.run == model.run ? $0.count : nil } ?? 0
            add("ep \(tree.episode + 1)/\(max(planned, state.episodes.count))")
            add("step \(tree.committedPath.count - 1)")
            add("iter \(tree.iteration)")
            add("\(Figures.count(tree.nodes.count)) nodes", .nodes)
            if let outcome = tree.outcome { add(outcome.success ? "✓" : "✗") }
        }
        add("\(Figures.count(state.modelCalls)) calls", .calls)
        add("\(Figures.count(state.tokensIn + state.tokensOut)) tok", .tokens)
        if state.costUSD > 0 { add(String(format: "$%.3f", state.costUSD), .cost) }
        // A server limit the run adapted to (llama.cpp's cap on `n`), in the words before the details.
        if let limit = state.errors.last(where: { $0.source == .limit }) {
            let headline = limit.message.prefix { $0 != ";" }
            add(TerminalText.sanitize(String(headline.prefix(40))), .limit)
        }
        if model.state.started != nil {
            let end = session.isLive ? now : state.lastTime
            add(Figures.duration(end - firstTime(model)), .time)
        }
        if session.isLive { add(session.follow ? "follow" : "follow off", .follow) }
        if session.frozen { add("+\(session.pending.count) waiting") }
        return parts
    }

    /// The prompt line with its cursor (`▏`) at `cursor`, in `width` columns: a long line (a prefilled fork prompt)
    /// shows the part around the cursor, `…` where it is cut, so its start is in sight after Home or Ctrl-A.
    static func promptWindow(_ text: String, cursor: Int, width: Int) -> String {
        var line = Array(text)
        line.insert("▏", at: cursor)
        guard line.count > width, width > 2 else { return String(line) }
        let start = min(max(0, cursor - (width - 2)), line.count - width)
        var shown = Array(line[start..<(start + width)])
        if start > 0 { shown[0] = "…" }
        if start + width < line.count { shown[width - 1] = "…" }
        return String(shown)
    }

    private static func firstTime(_ model: RunModel) -> Double { model.firstTime ?? model.state.lastTime }
}
