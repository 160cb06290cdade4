import ArborCore
import Foundation
import TerminalKit

/// The inspector pane for the node under the cursor: a header with its numbers, a tab bar, and the tab's body,
/// scrolled by `scroll` lines.
struct InspectorView {
    var model: RunModel
    var tree: EpisodeTree
    var node: NodeID
    var tab: InspectorTab
    var scroll: Int
    var focused: Bool
    /// The model call whose prompt and completion are shown in full (index into the node's calls).
    var expandedCall: Int?
    var text: (BlobRef) -> String?
    /// A lesson of an earlier run, from the library.
    var lesson: (String) -> StoredLesson? = { _ in nil }
    var explorationConstant: Double
    /// The annotations on this node or on trajectories ending at it.
    var annotations: [Annotation] = []
    /// The node's screenshot, drawn for the Observation tab (or why it cannot be); nil when it has none.
    var picture: Pictures.Shown?

    /// The room the Observation tab gives a screenshot in a pane of `pane` cells: the body's width and two thirds
    /// of its height, so the page's text starts in sight.
    static func pictureRoom(pane: TerminalSize) -> TerminalSize {
        TerminalSize(width: pane.width, height: max(2, (pane.height - 3) * 2 / 3))
    }

    /// The scroll a pane of `size` can honour: `scroll` clamped to the body's last page.
    func honouredScroll(in size: TerminalSize) -> Int {
        let bodyHeight = size.height - 3
        guard bodyHeight > 0 else { return 0 }
        let details = model.details(episode: tree.episode, node: node)
        return Self.page(lines: wrappedBody(details, width: size.width).count, bodyHeight: bodyHeight, scroll: scroll)
            .top
    }

    /// The body's rows shown in `bodyHeight` lines, and the first line shown: when the body does not fit, its last
    /// row says how much is below instead of covering a line of it.
    private static func page(lines: Int, bodyHeight: Int, scroll: Int) -> (rows: Int, top: Int) {
        let rows = lines > bodyHeight ? max(1, bodyHeight - 1) : bodyHeight
        return (rows, max(0, min(scroll, max(0, lines - rows))))
    }

    private func wrappedBody(_ details: NodeDetails, width: Int) -> [StyledLine] {
        body(details, width: width).flatMap { $0.wrapped(to: width) }
    }

    /// Draws the pane, its body from `scroll` (clamped to the body's last page).
    func draw(into canvas: inout Canvas) {
        let n = tree[node]
        let details = model.details(episode: tree.episode, node: node)
        let title = n.parent == nil ? "root" : TerminalText.sanitize(n.action)
        // The focused pane's first line is a title bar, so where keys go is plain to see.
        if focused { canvas.fill(Rect(x: 0, y: 0, width: canvas.width, height: 1), style: Style(.statusBar)) }
        var x = canvas.put("\(node) ", x: 0, y: 0, style: focused ? Style(.statusBar) : Style(.muted))
        x = canvas.put(
            title, x: x, y: 0, style: focused ? Style(.statusBar, .bold) : Style(.title), maxWidth: canvas.width - x)
        let parentVisits = n.parent.map { tree[$0].visits } ?? 0
        var figures = "N \(n.visits)"
        if let share = Figures.share(n.visits, of: parentVisits) { figures += " (\(share))" }
        figures += "  Q \(Figures.value(n.visits > 0 ? n.q : nil))  P \(Figures.prior(n.prior))"
        // The value comes before where the node sits, so a narrow pane cuts the less telling figures.
        if let value = n.value {
            // How many times this method valued the node; a person's value says what it replaced.
            let method = n.evaluationMethod
            let same = details.evaluations.filter { $0.method == method }.count
            figures += "  value \(Figures.value(value)) (\(method?.rawValue ?? "?")"
            if same > 1 { figures += " ×\(same)" }
            if method == .human, let before = details.evaluations.last(where: { $0.method != .human }) {
                figures += "; \(before.method.rawValue) said \(Figures.value(before.value))"
            }
            figures += ")"
        }
        figures += "  depth \(n.depth)  step \(n.createdAtStep)"
        _ = canvas.put(figures, x: 0, y: 1, style: .normal)
        drawTabs(into: &canvas)

        let bodyHeight = canvas.height - 3
        guard bodyHeight > 0 else { return }
        let lines = wrappedBody(details, width: canvas.width)
        let (rows, top) = Self.page(lines: lines.count, bodyHeight: bodyHeight, scroll: scroll)
        for (i, line) in lines.dropFirst(top).prefix(rows).enumerated() {
            line.draw(x: 0, y: 3 + i, maxWidth: canvas.width, into: &canvas)
        }
        // The screenshot's rows are the body's first lines (left blank above): the part scrolled into sight is drawn.
        if tab == .observation, case .art(let art) = picture {
            let visible = top..<min(art.size.height, top + rows)
            if !visible.isEmpty { art.draw(into: &canvas, x: 0, y: 3 - top, rows: visible) }
        }
        if lines.count > top + rows, rows < bodyHeight {
            let more = "↓ \(lines.count - top - rows) more"
            _ = canvas.put(more, x: max(0, canvas.width - more.count), y: canvas.height - 1, style: Style(.muted))
        }
    }

    /// The tab bar; when the full titles do not fit, short ones, so every tab (and the chosen one) stays in sight.
    private func drawTabs(into canvas: inout Canvas) {
        for (t, label, x) in Self.tabLabels(width: canvas.width) {
            let style = t == tab ? Style(.selection, focused ? [] : [.dim]) : Style(.muted)
            canvas.put(label, x: x, y: 2, style: style)
        }
    }

    /// Each tab's label and column in a pane `width` wide (what a click on the tab bar is matched against).
    static func tabLabels(width: Int) -> [(tab: InspectorTab, label: String, x: Int)] {
        let full = InspectorTab.allCases.map { " \($0.title) " }.joined().count <= width
        var x = 0
        var labels: [(InspectorTab, String, Int)] = []
        for t in InspectorTab.allCases where x < width {
            let label = full ? " \(t.title) " : " \(t.shortTitle)"
            labels.append((t, label, x))
            x += label.count
        }
        return labels
    }

    /// The tab whose label is at column `x` of the tab bar.
    static func tab(at x: Int, width: Int) -> InspectorTab? {
        tabLabels(width: width).last { $0.x <= x && x < $0.x + $0.label.count }?.tab
    }

    /// The body's lines before wrapping.
    func body(_ details: NodeDetails, width: Int) -> [StyledLine] {
        switch tab {
        case .children: childrenTable(details, width: width)
        case .observation: observation()
        case .debate: debate(details)
        case .reflections: reflections(details)
        case .calls: calls(details, width: width)
        case .values:
            ValueChart(history: model.histories[tree.episode], step: tree[node].createdAtStep, paneWidth: width).lines()
        case .notes: notes(details)
        case .why: WhyCard(model: model, tree: tree, node: node, text: text, lesson: lesson).lines(width: width)
        }
    }

    private func childrenTable(_ details: NodeDetails, width: Int) -> [StyledLine] {
        let children = tree[node].children.sorted {
            tree[$0].visits != tree[$1].visits ? tree[$0].visits > tree[$1].visits : $0 < $1
        }
        guard !children.isEmpty else {
            let empty =
                tree[node].terminal
                ? "A terminal node: no children."
                : details.rejected.isEmpty ? "Not expanded yet." : "Expanded, but no sample gave an action."
            return [StyledLine(empty, Style(.muted))] + rejectedSamples(details)
        }
        // Narrow panes drop N% and the node's own value; the action takes what the numbers leave.
        let wide = width >= 64
        let numbers = wide ? 36 : 24
        // Room for "  flags" (or two badges) after the numbers, so the header never wraps.
        let actionWidth = max(10, min(40, width - numbers - 7))
        let parentVisits = tree[node].visits
        var header = Figures.left("action", actionWidth) + Figures.right("N", 5)
        if wide { header += Figures.right("N%", 5) }
        header += Figures.right("P", 5) + Figures.right("Q", 7) + Figures.right("U", 7)
        if wide { header += Figures.right("value", 7) }
        var lines = [StyledLine(header + "  flags", Style(.muted))]
        for id in children {
            let c = tree[id]
            let recorded = details.lastCandidates.first { $0.node == id }?.score
            let u =
                recorded
                ?? (c.visits > 0 ? c.q : 0) + explorationConstant * c.prior * Double(max(1, parentVisits)).squareRoot()
                / Double(1 + c.visits)
            var spans: [(text: String, style: Style)] = [
                (
                    Figures.left(TerminalText.sanitize(c.action), actionWidth),
                    c.committed ? Style(.normal, .bold) : .normal
                ),
                (Figures.right(Figures.count(c.visits), 5), .normal),
            ]
            if wide { spans.append((Figures.right(Figures.share(c.visits, of: parentVisits) ?? "–", 5), .normal)) }
            spans += [
                (Figures.right(Figures.prior(c.prior), 5), .normal),
                (Figures.right(Figures.value(c.visits > 0 ? c.q : nil), 7), ValueRamp.style(c.visits > 0 ? c.q : nil)),
                (Figures.right(u > 1e6 ? "∞" : String(format: "%.2f", u), 7), .normal),
            ]
            if wide { spans.append((Figures.right(Figures.value(c.value), 7), ValueRamp.style(c.value))) }
            // The flags fill what the row leaves, with a count for those that do not fit, so the row never wraps.
            let used = spans.reduce(0) { $0 + $1.text.displayWidth } + 2
            spans.append(("  " + Badges.fitted(Badges.marks(for: c), width: max(2, width - used)), Style(.badge)))
            lines.append(StyledLine(spans))
        }
        lines += refusedChildren(children, details: details)
        lines += rejectedSamples(details)
        if let rationale = tree[node].rationale, let text = text(rationale) {
            lines += [.blank, StyledLine("Why this action was proposed", Style(.title))]
            lines += StyledLine.untrusted(text)
        }
        return lines
    }

    /// The children whose action the environment refused, with its reason (the refusal is their observation).
    private func refusedChildren(_ children: [NodeID], details: NodeDetails) -> [StyledLine] {
        var lines: [StyledLine] = []
        for id in children {
            guard let ref = tree[id].observation, let text = text(ref), text.hasPrefix(Observed.refusalMark) else {
                continue
            }
            if lines.isEmpty { lines += [.blank, StyledLine("Refused by the environment", Style(.title))] }
            let reason = String(text.dropFirst(Observed.refusalMark.count))
            lines += StyledLine.untrusted("\(tree[id].action) — \(reason)", Style(.failure))
        }
        return lines
    }

    /// The samples of this node's expansions that gave no child, with why, alike ones counted together.
    private func rejectedSamples(_ details: NodeDetails) -> [StyledLine] {
        guard !details.rejected.isEmpty else { return [] }
        let total = details.rejected.reduce(0) { $0 + $1.count }
        var lines: [StyledLine] = [
            .blank, StyledLine("Samples that gave no action (\(total))", Style(.title)),
        ]
        for sample in details.rejected {
            let text = sample.text.isEmpty ? "(empty)" : sample.text
            lines += StyledLine.untrusted("\(sample.count)× \(text) — \(sample.reason)", Style(.muted))
        }
        return lines
    }

    private func observation() -> [StyledLine] {
        let n = tree[node]
        guard let ref = n.observation else {
            return [
                StyledLine(
                    "Not observed yet: a node's page is fetched when the search first reaches it.", Style(.muted))
            ]
        }
        var lines: [StyledLine] = []
        switch picture {
        case .art, .pixels:
            // Room left blank for the picture: art is drawn over it, a pixel picture is written after the frame.
            lines += Array(repeating: .blank, count: picture?.rows ?? 0)
            let count = tree.images[node]?.count ?? 1
            let which = count > 1 ? "Screenshot 1 of \(count)" : "Screenshot"
            lines.append(StyledLine("\(which) · z: whole window", Style(.muted)))
        case .problem(let reason): lines += StyledLine.untrusted("Screenshot not shown: \(reason)", Style(.warning))
        case nil: break
        }
        if n.terminal {
            let verdict = n.success.map { $0 ? "success" : "failure" } ?? "terminal"
            lines.append(
                StyledLine("terminal · \(verdict) · reward \(n.reward)", Style(n.success == true ? .success : .failure))
            )
        }
        guard let page = text(ref) else {
            return lines + [StyledLine("(the page text is not in this file)", Style(.warning))]
        }
        return lines + StyledLine.untrusted(page)
    }

    private func debate(_ details: NodeDetails) -> [StyledLine] {
        guard let debate = details.debates.last else {
            let how = tree[node].evaluationMethod.map { "valued by \($0.rawValue) evaluation" } ?? "not valued yet"
            return [StyledLine("No debate at this node (\(how)).", Style(.muted))]
        }
        var lines: [StyledLine] = []
        if details.debates.count > 1 {
            lines.append(StyledLine("Debate \(details.debates.count) of \(details.debates.count)", Style(.muted)))
        }
        lines.append(
            StyledLine([
                ("Value ", Style(.title)), (Figures.value(debate.value), ValueRamp.style(debate.value, bold: true)),
            ]))
        let tally = VoteTally(debate, evaluation: VoteTally.evaluation(of: debate, in: details))
        lines += StyledLine.untrusted("Judges  \(tally.line)", Style(.accent))
        if let legend = tally.legendLine {
            lines += StyledLine.untrusted("Votes   \(legend) — the node's value is their mean", Style(.muted))
        }
        for turn in debate.turns {
            lines.append(.blank)
            switch turn.role {
            case .supporter: lines.append(StyledLine("Supporter", Style(.success, .bold)))
            case .opponent: lines.append(StyledLine("Opponent", Style(.failure, .bold)))
            case .judge:
                let order = turn.order == 1 ? "read the opponent first" : "read the supporter first"
                lines.append(
                    StyledLine([
                        ("Judge", Style(.accent, .bold)), (" (\(order)) vote ", Style(.muted)),
                        (turn.vote ?? "unreadable", Style(.title)),
                    ]))
            }
            lines += StyledLine.untrusted(text(turn.text) ?? "(text not in this file)", indent: "  ")
        }
        return lines
    }

    private func reflections(_ details: NodeDetails) -> [StyledLine] {
        var lines: [StyledLine] = []
        if details.retrieved.isEmpty {
            lines.append(StyledLine("No lessons were retrieved at this node.", Style(.muted)))
        }
        for retrieval in details.retrieved {
            lines.append(StyledLine("Retrieved for the \(retrieval.kind.rawValue) prompt", Style(.title)))
            for (id, score) in zip(retrieval.ids, retrieval.scores) {
                lines += LessonLines(model: model, lesson: lesson).lines(id: id, score: score, indent: "  ")
            }
        }
        let created = model.state.reflections.filter { $0.taskID == tree.taskID }
        if !created.isEmpty {
            lines += [.blank, StyledLine("Lessons created after this episode", Style(.title))]
            for r in created {
                lines += StyledLine.untrusted("[\(r.kind.rawValue)] \(r.lesson)", indent: "  ")
                lines += StyledLine.untrusted(
                    "at \(r.action) — surprise \(String(format: "%.2f", r.surprise)); expected: \(r.expected)",
                    Style(.muted),
                    indent: "    ")
            }
        }
        return lines
    }

    private func calls(_ details: NodeDetails, width: Int) -> [StyledLine] {
        guard !details.calls.isEmpty else { return [StyledLine("No model calls at this node.", Style(.muted))] }
        // 41 columns fit the pane of a 100-column window; a cost column is added where a price is known (a priced
        // model behind an API; offline calls cost nothing) and the pane has room for it.
        let priced = details.calls.contains { ($0.costUSD ?? 0) > 0 } && width >= 49
        // How many images each call sent, where some call here sent any (to a model that sees them) and there is room.
        let imaged = details.calls.contains { !($0.images ?? []).isEmpty } && width >= (priced ? 53 : 45)
        var lines = [
            StyledLine(
                Figures.left("#", 3) + Figures.left("role", 10) + Figures.right("in", 6) + Figures.right("out", 6)
                    + (imaged ? Figures.right("img", 4) : "") + Figures.right("latency", 8) + "  cached"
                    + (priced ? Figures.right("cost", 8) : ""), Style(.muted)
            )
        ]
        for (i, call) in details.calls.enumerated() {
            let cost = priced ? Figures.right(call.costUSD.map { String(format: "$%.4f", $0) } ?? "–", 8) : ""
            let images = imaged ? Figures.right(String(call.images?.count ?? 0), 4) : ""
            lines.append(
                StyledLine([
                    (
                        Figures.left("\(i + 1)", 3) + Figures.left(call.role.rawValue, 10),
                        i == expandedCall ? Style(.accent, .bold) : .normal
                    ),
                    (
                        Figures.right(Figures.count(call.tokensIn), 6) + Figures.right(Figures.count(call.tokensOut), 6)
                            + images + Figures.right(Figures.milliseconds(call.latencyMs), 8) + "  "
                            + Figures.left(call.cached ? "yes" : "no", 6)
                            + cost, .normal
                    ),
                ]))
            if let error = call.error {
                lines += StyledLine.untrusted("error: \(error)", Style(.failure), indent: "    ")
            }
        }
        if let index = expandedCall, details.calls.indices.contains(index) {
            let call = details.calls[index]
            lines += [.blank, StyledLine("Prompt of call \(index + 1)", Style(.title))]
            lines += StyledLine.untrusted(call.prompt.flatMap(text) ?? "(not recorded)")
            for image in call.images ?? [] {
                lines += StyledLine.untrusted(
                    "with image \(image.image) (\(image.size) bytes, detail \(image.detail))", Style(.muted))
            }
            lines += [.blank, StyledLine("Completion", Style(.title))]
            lines += StyledLine.untrusted(call.completion.flatMap(text) ?? "(not recorded)")
        } else {
            lines += [.blank, StyledLine("Enter shows the next call's prompt and completion.", Style(.muted))]
        }
        return lines
    }

    private func notes(_ details: NodeDetails) -> [StyledLine] {
        var lines: [StyledLine] = []
        for a in annotations {
            var text = "\(a.author): \(a.path == nil ? "node" : "trajectory") \(a.label ?? "")"
            if let note = a.note { text += " — \(note)" }
            lines += StyledLine.untrusted(
                text, Style(a.label == "bad" ? .failure : a.label == "good" ? .success : .accent))
        }
        for e in details.interventions {
            var text = "\(e.author): \(e.kind.rawValue) — \(e.outcome)"
            if let note = e.note { text += " — \(note)" }
            lines += StyledLine.untrusted(text, Style(.badge))
        }
        for e in details.errors { lines += StyledLine.untrusted("\(e.source) error: \(e.message)", Style(.failure)) }
        if lines.isEmpty {
            lines.append(
                StyledLine("No annotations, interventions or errors at this node (t annotates it).", Style(.muted)))
        }
        // Who did what to this episode's search, wherever the cursor is: two controllers can tell their moves apart.
        let controls = tree.interventions
        if !controls.isEmpty {
            lines += [.blank, StyledLine("Controls in this episode, newest first (\(controls.count))", Style(.title))]
            for e in controls.suffix(40).reversed() {
                var text = "\(e.author): \(e.kind.rawValue)\(e.node.map { " \($0)" } ?? "") — \(e.outcome)"
                if let note = e.note { text += " — \(note)" }
                lines += StyledLine.untrusted(text, Style(e.outcome == "done" ? .normal : .warning), indent: "  ")
            }
        }
        return lines
    }
}
