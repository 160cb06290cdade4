import ArborCore
import ArborModels
import Testing

@testable import ArborSearch

/// A fork replays the path to its node as real steps before searching: same state, honest log, fold == tree.
@Suite struct PrefixTests {
    /// A runner on the number line (goal 3) that takes `actions` before searching.
    private func forkRunner(_ actions: [String], origin: String, maxSteps: Int = 5, sink: MemorySink) -> EpisodeRunner {
        EpisodeRunner(
            episode: 0, task: NumberLine.task(3), environment: NumberLine(), agent: ScriptedAgent(),
            config: smallConfig(maxSteps: maxSteps), sink: sink, clock: TickingClock(),
            prefix: EpisodePrefix(actions: actions, origin: origin))
    }

    /// A finished parent episode and a node at depth 2 on a path it took.
    private func parentNode() async throws -> (tree: SearchTree, node: NodeID) {
        let sink = runSink()
        let runner = makeRunner(smallConfig(maxSteps: 3), sink: sink)
        await runner.run()
        let node = try #require(runner.tree.nodes.first { $0.depth == 2 && $0.observed }?.id)
        return (runner.tree, node)
    }

    @Test func thePrefixReachesTheParentsNodeAndTheSearchStartsThere() async throws {
        let parent = try await parentNode()
        let actions = parent.tree.actions(to: parent.node)
        #expect(actions.count == 2)
        let sink = runSink()
        let runner = forkRunner(actions, origin: "run 1, episode 0, node \(parent.node)", sink: sink)
        await runner.advance()
        // After the start phase the prefix is taken and the first searched step begins at its end.
        #expect(runner.tree.committedPath == [0, 1, 2])
        #expect(runner.step == 2)
        #expect(runner.pending == .select)
        #expect(runner.tree[NodeID(2)].observationText == parent.tree[parent.node].observationText)
        #expect(
            runner.tree[NodeID(2)].observationText
                == "You stand at cell 2 of a number line that runs from cell 0 to cell 9.")

        #expect(sink.commits.map(\.action) == actions)
        #expect(sink.commits.map(\.stopReason) == [.commanded, .commanded])
        #expect(sink.commits.map(\.iterations) == [0, 0])
        #expect(sink.commits.map(\.step) == [0, 1])
        #expect(sink.interventions.map(\.author) == ["fork", "fork"])
        #expect(sink.interventions.map(\.kind) == [.commit, .commit])
        #expect(
            sink.interventions.map(\.note) == [
                "step 1 of 2 replayed from run 1, episode 0, node \(parent.node)",
                "step 2 of 2 replayed from run 1, episode 0, node \(parent.node)",
            ])
        let expansions = sink.events(.expanded).compactMap { if case .expanded(let e) = $0 { e } else { nil } }
        #expect(expansions.map(\.children.count) == [1, 1])
        #expect(expansions.map(\.samples) == [0, 0])
        let steps = sink.events(.stepStarted).compactMap { if case .stepStarted(let e) = $0 { e } else { nil } }
        #expect(steps.map(\.step) == [0, 1, 2])
        #expect(steps.map(\.node) == [0, 1, 2])
        // The policy was never asked while the prefix was taken.
        #expect(sink.events(.modelCall).isEmpty)
        try expectFoldMatches(runner, sink)

        let ended = await runner.run()
        // Prefix steps count as real steps: two replayed plus the searched ones make the episode's steps.
        #expect(ended.steps >= 2)
        #expect(sink.commits.prefix(2).map(\.action) == actions)
        try expectFoldMatches(runner, sink)
        let folded = try fold(sink)
        #expect(Array(folded.committedPath.prefix(3)) == [0, 1, 2])
    }

    @Test func aRefusedPrefixActionEndsTheForkWithAnError() async throws {
        let sink = runSink()
        let fresh = forkRunner(["right", "jump"], origin: "run 4, episode 1, node n9", sink: sink)
        let ended = await fresh.run()
        #expect(
            ended == EpisodeEnded(episode: 0, success: false, reward: 0, estimatedSuccess: 0, steps: 1, reason: .error)
        )
        let errors = sink.events(.error).compactMap { if case .error(let e) = $0 { e } else { nil } }
        #expect(errors.map(\.source) == [.environment, .engine])
        #expect(
            errors.last?.message
                == "the fork cannot reach run 4, episode 1, node n9: the environment refused step 2 (jump), which the "
                + "parent run took; the environment no longer behaves as when the parent was recorded "
                + "(check its seed and version)")
        #expect(errors.last?.node == NodeID(1))
        #expect(sink.commits.map(\.action) == ["right"])
        #expect(sink.events(.modelCall).isEmpty)
        try expectFoldMatches(fresh, sink)
    }

    @Test func aPrefixThatEndsTheEpisodeIsAnError() async throws {
        let sink = runSink()
        let runner = forkRunner(["right", "stop"], origin: "run 2, episode 0, node n5", sink: sink)
        let ended = await runner.run()
        #expect(ended.reason == .error)
        #expect(ended.steps == 2)
        let errors = sink.events(.error).compactMap { if case .error(let e) = $0 { e } else { nil } }
        #expect(
            errors.map(\.message) == [
                "the fork cannot search from run 2, episode 0, node n5: step 2 of 2 (stop) ends the episode; "
                    + "fork from a node above it"
            ])
        try expectFoldMatches(runner, sink)
    }

    @Test func prefixStepsCountAgainstTheStepBudget() async throws {
        let sink = runSink()
        let runner = forkRunner(["right", "right"], origin: "run 1, episode 0, node n4", maxSteps: 2, sink: sink)
        let ended = await runner.run()
        #expect(ended.reason == .maxSteps)
        #expect(ended.steps == 2)
        #expect(sink.events(.modelCall).isEmpty)
        try expectFoldMatches(runner, sink)
    }
}
