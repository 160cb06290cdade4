import ArborCore
import ArborEnvironments
import ArborModels
import Testing

@testable import ArborSearch

/// Actions on a web page carry the label the page gives their element, from expansion to the history a prompt shows.
struct ElementLabelSearchTests {
    @Test func aChildTakesItsElementsLabelAndTheNextPromptShowsIt() async throws {
        let web = MiniWeb(seed: 1)
        let task = try #require(try await web.tasks(.test).first { $0.id.hasPrefix("classifieds/") })
        let agent = ScriptedAgent(policy: { context in
            context.previousActions.isEmpty ? ["type [3] \"grey sofa\"", "click [1]", "stop \"$8\""] : ["stop"]
        })
        var config = smallConfig(iterations: 2, maxSteps: 2)
        config.terminalVerdict = .evaluator
        let sink = runSink(config)
        let runner = EpisodeRunner(
            episode: 0, task: task, environment: web, agent: agent, config: config, sink: sink,
            memory: ReflectionMemory(), clock: TickingClock())
        _ = await runner.run()

        let children = runner.tree[.root].children.map { runner.tree[$0] }
        #expect(children.map(\.action) == ["type [3] \"grey sofa\"", "click [1]", "stop \"$8\""])
        // The home page names [3] and [1]; an answer names no element, so it has no label.
        #expect(children.map(\.label) == ["Search listings", "Home", nil])

        let below = try #require(agent.contexts(.policy).first { !$0.previousActions.isEmpty })
        #expect(below.previousActions == ["type [3] \"grey sofa\""])
        #expect(below.previousActionsShown == ["type [3] \"grey sofa\" \"Search listings\""])
        try expectFoldMatches(runner, sink)
    }
}
