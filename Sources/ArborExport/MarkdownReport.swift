import ArborCore
import Foundation

/// A readable report of a run: a header with what was searched, then per episode its outcome, the principal
/// variation (the committed path) with N and Q, the debates on it, the reflections it gave and its annotations.
public struct MarkdownReport: Sendable {
    public let text: String

    /// Debate turns longer than this are cut: a report is for reading, the store keeps every word.
    static let turnLimit = 400

    /// `images` links the screenshots of the principal variation (none by default).
    public init(recording: RunRecording, episodes: [EpisodeTree], images: ImageLinks = ImageLinks(.none, folder: "")) {
        let state = recording.state
        var lines: [String] = []
        let started = state.started
        lines.append("# Run \(recording.run): \(started?.method ?? "?") on \(started?.environment ?? "?")")
        lines.append("")
        let ended = state.orderedEpisodes.compactMap(\.outcome)
        lines.append("- Model: \(started?.model ?? "?") · seed \(started.map { String($0.seed) } ?? "?")")
        lines.append("- Status: \(state.status.rawValue) · \(recording.records.count) events")
        lines.append(
            "- Episodes: \(state.episodes.count) · successes \(ended.filter(\.success).count) of \(ended.count) ended")
        lines.append("- Model calls: \(state.modelCalls) · tokens \(state.tokensIn + state.tokensOut)")
        let runNotes = recording.annotations.filter { $0.episode == nil }
        if !runNotes.isEmpty {
            lines.append("")
            lines.append("## Annotations on the run")
            lines.append("")
            lines += runNotes.map(Self.line)
        }
        for tree in episodes { lines += Self.episode(recording, tree, images: images) }
        // Task text, completions and debates come from environments and models: no byte of theirs may drive the
        // terminal the report is printed to.
        text = TerminalText.sanitizeLines(lines.joined(separator: "\n")) + "\n"
    }

    static func episode(_ recording: RunRecording, _ tree: EpisodeTree, images: ImageLinks) -> [String] {
        var lines = ["", "## Episode \(tree.episode + 1): \(tree.taskID)", "", "> \(oneLine(tree.task))", ""]
        if let outcome = tree.outcome {
            lines.append(
                "**Outcome:** \(outcome.success ? "success" : "failure") · reward \(number(outcome.reward)) · "
                    + "estimated \(number(outcome.estimatedSuccess)) · \(outcome.steps) steps · \(outcome.reason)")
        } else {
            lines.append("**Outcome:** not ended")
        }
        lines.append("")
        lines.append("- Nodes: \(tree.nodes.count) · model calls \(tree.modelCalls) · tokens \(tree.tokens)")
        lines += [
            "", "### Principal variation", "", "| step | node | action | N | Q | value |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for (index, id) in tree.committedPath.enumerated() {
            let node = tree[id]
            let action = id == .root ? "(start)" : "`\(cell(ElementLabel.shown(node.action, label: node.label)))`"
            lines.append(
                "| \(index) | \(id.rawValue) | \(action) | \(node.visits) | \(number(node.q)) | "
                    + "\(node.value.map(number) ?? "-") |")
        }
        let screenshots = tree.committedPath.flatMap { id in
            images.urls(recording, tree, id).map { "- node \(id.rawValue): ![node \(id.rawValue)](\($0))" }
        }
        if !screenshots.isEmpty {
            lines += ["", "### Screenshots on the principal variation", ""] + screenshots
        }
        let onPath = Set(tree.committedPath)
        let events = recording.events(episode: tree.episode)
        let debates = events.compactMap { event -> Debate? in
            guard case .debate(let debate) = event, onPath.contains(debate.node) else { return nil }
            return debate
        }
        if !debates.isEmpty {
            lines += ["", "### Debates on the principal variation"]
            for debate in debates {
                let action = debate.node == .root ? "(start)" : tree[debate.node].action
                lines += ["", "#### Node \(debate.node.rawValue) `\(cell(action))`: value \(number(debate.value))", ""]
                for turn in debate.turns {
                    let vote = turn.vote.map { " (vote \($0))" } ?? ""
                    lines.append("- **\(turn.role.rawValue)**\(vote): \(clipped(recording.text(turn.text)))")
                }
            }
        }
        let reflections = events.compactMap { event -> Reflection? in
            guard case .reflectionCreated(let created) = event else { return nil }
            return created.reflection
        }
        if !reflections.isEmpty {
            lines += ["", "### Reflections", ""]
            for r in reflections {
                lines.append(
                    "- (\(r.kind.rawValue), surprise \(number(r.surprise))) after `\(cell(r.action))`: "
                        + "expected \(oneLine(r.expected)); happened \(oneLine(r.happened)). **Lesson:** "
                        + oneLine(r.lesson))
            }
        }
        let notes = recording.annotations.filter { $0.episode == tree.episode }
        if !notes.isEmpty {
            lines += ["", "### Annotations", ""]
            lines += notes.map(line)
        }
        return lines
    }

    static func line(_ a: Annotation) -> String {
        let target =
            if let path = a.path {
                "trajectory " + path.map { String($0.rawValue) }.joined(separator: "→")
            } else if let node = a.node { "node \(node.rawValue)" } else if a.episode != nil { "episode" } else {
                "run"
            }
        var parts = ["- #\(a.id) \(target)"]
        if let label = a.label { parts.append("**\(label)**") }
        if let note = a.note { parts.append(oneLine(note)) }
        if !a.tags.isEmpty { parts.append("[" + a.tags.joined(separator: ", ") + "]") }
        parts.append("by \(a.author)")
        return parts.joined(separator: " · ")
    }

    static func number(_ value: Double) -> String { String(format: "%.3f", value) }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func clipped(_ text: String) -> String {
        let flat = oneLine(text)
        return flat.count > turnLimit ? String(flat.prefix(turnLimit)) + "…" : flat
    }

    /// A table cell or code span: no pipes or backticks to break it.
    static func cell(_ text: String) -> String {
        oneLine(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'")
    }
}
