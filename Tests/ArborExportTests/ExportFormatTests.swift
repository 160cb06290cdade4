import ArborCore
import ArborExport
import Foundation
import Testing

@Suite("every export format parses and holds what the run holds")
struct ExportFormatTests {
    @Test("trajectories: one line per episode, one step per committed action, observations and outcomes")
    func trajectories() async throws {
        // The single-value search: the offline agent's debate search on these four tasks succeeds on none.
        let sink = try await recordedRun(.rmcts)
        let run = try recording(sink)
        let lines = try decodeLines(Trajectory.self, try ExportFormat.trajectories.render(run))
        #expect(lines.count == 4)
        #expect(lines.map(\.steps.count) == [3, 3, 2, 1])
        #expect(lines.map(\.success) == [true, false, false, false])
        for (line, tree) in zip(lines, run.state.orderedEpisodes) {
            #expect(line.taskID == tree.taskID)
            #expect(line.steps.map(\.action) == tree.committedPath.dropFirst().map { tree[$0].action })
            #expect(line.steps.first?.observation == sink.text(try #require(tree.root.observation)))
            #expect(line.steps.allSatisfy { !$0.observation.contains("missing from the store") })
        }
        let one = try decodeLines(
            Trajectory.self, try ExportFormat.trajectories.render(run, options: .init(episode: 2)))
        #expect(one.map(\.episode) == [2])
    }

    @Test("sft: one chat per committed step of successful episodes; a bad label removes one, a good label adds one")
    func sft() async throws {
        let sink = try await recordedRun(.rmcts)
        let run = try recording(sink)
        let steps = { (episodes: [Int]) in
            episodes.map { run.state.episodes[$0]!.committedPath.count - 1 }.reduce(0, +)
        }
        let successful = run.state.orderedEpisodes.filter { $0.outcome?.success == true }.map(\.episode)
        #expect(!successful.isEmpty)
        let plain = try decodeLines(Conversation.self, try ExportFormat.sft.render(run))
        #expect(plain.count == steps(successful))
        for chat in plain {
            // The policy's own prompt, as recorded, and its answer.
            #expect(chat.messages.map(\.role) == [.user, .assistant])
            #expect(chat.messages[0].content.hasPrefix("You are an autonomous agent"))
            #expect(chat.messages[1].content.contains("In summary, the next action I will perform is ```"))
        }
        let all = try decodeLines(
            Conversation.self, try ExportFormat.sft.render(run, options: .init(filter: .all)))
        #expect(all.count == steps(run.state.orderedEpisodes.map(\.episode)))
        let leaf3 = try #require(run.state.episodes[3]).committedNode
        let labelled = try recording(sink, annotations: [mark(2, episode: 3, node: leaf3, label: "good")])
        let good = try decodeLines(
            Conversation.self, try ExportFormat.sft.render(labelled, options: .init(filter: .good)))
        #expect(good.count == steps([3]))
    }

    @Test("exploratory: one chat per episode, each action in the policy's closing line, alternating turns")
    func exploratory() async throws {
        let sink = try await recordedRun()
        let run = try recording(sink)
        let chats = try decodeLines(
            Conversation.self, try ExportFormat.exploratory.render(run, options: .init(filter: .all)))
        #expect(chats.count == 4)
        for (chat, tree) in zip(chats, run.state.orderedEpisodes) {
            let said = chat.messages.filter { $0.role == .assistant }.map(\.content)
            #expect(said.allSatisfy { $0.contains("In summary, the next action I will perform is ```") })
            // The trace ends with the episode's last committed action.
            #expect(said.last?.hasSuffix("```\(tree[tree.committedNode].action)```") == true)
            let roles = chat.messages.dropFirst().map(\.role)
            #expect(roles == (0..<roles.count).map { $0 % 2 == 0 ? .user : .assistant })
        }
    }

    @Test("preferences: siblings by Q with the minimum gap and visits, and by label")
    func preferences() async throws {
        let sink = try await recordedRun()
        let run = try recording(sink)
        let pairs = try decodeLines(PreferencePair.self, try ExportFormat.preferences.render(run))
        #expect(pairs.count == 9)
        for pair in pairs {
            let tree = try #require(run.state.episodes[pair.episode])
            #expect(tree[NodeID(pair.chosenNode)].parent == NodeID(pair.parent))
            #expect(tree[NodeID(pair.rejectedNode)].parent == NodeID(pair.parent))
            #expect(pair.chosenQ - pair.rejectedQ >= 0.1)
            #expect(min(pair.chosenVisits, pair.rejectedVisits) >= 2)
            #expect(pair.source == .q)
            #expect(pair.prompt.hasPrefix("Task: \(tree.task)\n\nPrevious actions:\n"))
        }
        let loose = try decodeLines(
            PreferencePair.self,
            try ExportFormat.preferences.render(run, options: .init(minimumGap: 0, minimumVisits: 1)))
        #expect(loose.count == expectedQPairs(run, gap: 0, visits: 1))
        #expect(loose.count == 41)

        // Two labelled siblings of the root of episode 0 make a label pair; `good` keeps only such pairs.
        let root = try #require(run.state.episodes[0]).root
        let (a, b) = (root.children[1], root.children[2])
        let labelled = try recording(
            sink,
            annotations: [mark(1, episode: 0, node: a, label: "good"), mark(2, episode: 0, node: b, label: "bad")])
        let onlyLabels = try decodeLines(
            PreferencePair.self, try ExportFormat.preferences.render(labelled, options: .init(filter: .good)))
        #expect(onlyLabels.map(\.chosenNode) == [a.rawValue])
        #expect(onlyLabels.map(\.rejectedNode) == [b.rawValue])
        #expect(onlyLabels.map(\.source) == [.label])
    }

    @Test("markdown: a heading per episode, the principal variation as a table, debates and annotations")
    func markdown() async throws {
        let sink = try await recordedRun()
        let plain = try recording(sink)
        let leaf = try #require(plain.state.episodes[0]).committedNode
        let run = try recording(sink, annotations: [mark(1, episode: 0, node: leaf, label: "good")])
        let text = try ExportFormat.markdown.render(run)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "# Run 1: rmcts-debate on miniweb")
        #expect(lines.filter { $0.hasPrefix("## Episode ") }.count == 4)
        #expect(lines.filter { $0 == "### Principal variation" }.count == 4)
        #expect(lines.filter { $0 == "### Debates on the principal variation" }.count == 4)
        #expect(lines.filter { $0 == "### Annotations" }.count == 1)
        #expect(lines.contains("- #1 node \(leaf.rawValue) · **good** · by test"))
        // A table row per node of each committed path.
        let rows = lines.filter { $0.hasPrefix("| ") && !$0.hasPrefix("| step") && !$0.hasPrefix("| ---") }
        #expect(rows.count == run.state.orderedEpisodes.map(\.committedPath.count).reduce(0, +))
        #expect(rows.count == 18)
        let reflections = lines.filter { $0 == "### Reflections" }.count
        #expect(reflections == 4)
    }

    @Test("dot: balanced braces, one line per node, one edge per child, the committed path bold")
    func dot() async throws {
        let run = try recording(try await recordedRun())
        let text = try ExportFormat.dot.render(run)
        #expect(text.filter { $0 == "{" }.count == text.filter { $0 == "}" }.count)
        #expect(text.hasPrefix("digraph \"run1\" {\n"))
        let lines = text.split(separator: "\n")
        let nodes = run.state.orderedEpisodes.map(\.nodes.count).reduce(0, +)
        let nodeLines = lines.filter { $0.range(of: #"^    e\d+_n\d+ \["#, options: .regularExpression) != nil }
        let edgeLines = lines.filter { $0.contains(" -> ") }
        #expect(nodeLines.count == nodes)
        #expect(edgeLines.count == nodes - 4)
        #expect(edgeLines.filter { $0.hasSuffix("[penwidth=3];") }.count == 14)
        #expect(lines.filter { $0.hasPrefix("  subgraph cluster_e") }.count == 4)
    }

    @Test("an action's element label is in the trajectories, the markdown table and the dot graph")
    func elementLabels() async throws {
        let run = try recording(try await recordedRun())
        let tree = try #require(run.state.episodes[0])
        let step = try #require(tree.committedPath.dropFirst().first { tree[$0].label != nil })
        let node = tree[step]
        let label = try #require(node.label)
        let shown = "\(node.action) \"\(label)\""

        let trajectories = try decodeLines(
            Trajectory.self, try ExportFormat.trajectories.render(run, options: .init(filter: .all)))
        let exported = try #require(trajectories.first { $0.episode == 0 }?.steps.first { $0.node == step.rawValue })
        #expect(exported.action == node.action && exported.element == label)
        #expect(try ExportFormat.markdown.render(run).contains("| `\(shown)` |"))
        let dotLabel = "\(step.rawValue): \(shown)".replacingOccurrences(of: "\"", with: "\\\"")
        #expect(try ExportFormat.dot.render(run).contains("[label=\"\(dotLabel)\\nN="))
    }
}

/// Q pairs counted straight from the trees: at each parent, the best eligible child by Q over every other eligible
/// child at least `gap` behind.
func expectedQPairs(_ run: RunRecording, gap: Double, visits: Int) -> Int {
    var count = 0
    for tree in run.state.orderedEpisodes {
        for parent in tree.nodes where parent.children.count >= 2 {
            let eligible = parent.children.map { tree[$0] }.filter { $0.visits >= visits }
            guard let best = eligible.map(\.q).max() else { continue }
            // With no gap the best is among those within it, and is not paired with itself.
            count += eligible.filter { best - $0.q >= gap }.count - (gap == 0 ? 1 : 0)
        }
    }
    return count
}
