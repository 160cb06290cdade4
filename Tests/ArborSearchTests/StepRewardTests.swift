import ArborCore
import Testing

@testable import ArborSearch

/// Rewards an environment reports before the end: recorded on the step always, searched on only when weighted.
struct StepRewardTests {
    /// A judge that cannot tell states apart, a policy that offers left before right, and a number line that rewards
    /// each step right with 0.25: only the step rewards say which way to go.
    func search(weight: Double) async throws -> (EpisodeRunner, MemorySink) {
        var config = smallConfig(iterations: 6, maxSteps: 3)
        config.stepRewardWeight = weight
        // No dead ends (valued 0) from the horizon or repeats: every leaf is valued by the judge alone.
        config.searchHorizon = false
        config.repeatLimit = 0
        let sink = runSink(config)
        let agent = ScriptedAgent(policy: { _ in ["left", "right"] }, value: { _ in [0.5, 0.5] })
        let runner = makeRunner(
            config, sink: sink, environment: NumberLine(goal: 3, rewardPerRight: 0.25), agent: agent)
        _ = await runner.run()
        return (runner, sink)
    }

    @Test func byDefaultStepRewardsAreRecordedButNotSearchedOn() async throws {
        let (runner, sink) = try await search(weight: 0)
        let right = try #require(runner.tree[.root].children.first { runner.tree[$0].action == "right" })
        #expect(runner.tree[right].reward == 0.25, "the step's reward is on its node")
        let observed = sink.events.compactMap { if case .observed(let e) = $0, e.node == right { e } else { nil } }
        #expect(observed.first?.reward == 0.25, "and in its observed event")
        let backedUp = sink.events.compactMap { if case .backedUp(let e) = $0 { e } else { nil } }
        #expect(backedUp.allSatisfy { $0.rewards == nil })
        for node in runner.tree.nodes where node.visits > 0 {
            #expect(node.q == 0.5, "every Q is the judge's 0.5")
        }
        #expect(sink.commits.first?.action == "left", "a tie goes to the first proposal")
        try expectFoldMatches(runner, sink)
    }

    @Test func weightedStepRewardsAddToTheValueBackedUpAboveThem() async throws {
        let (runner, sink) = try await search(weight: 1)
        let children = runner.tree[.root].children
        let left = try #require(children.first { runner.tree[$0].action == "left" })
        let right = try #require(children.first { runner.tree[$0].action == "right" })
        // Each value a node records is the leaf's 0.5 plus the rewards from that node down to the leaf.
        let backedUp = sink.events.compactMap { if case .backedUp(let e) = $0 { e } else { nil } }
        for e in backedUp {
            for index in e.path.indices {
                let rewards = e.path[index...].map { runner.tree[$0].terminal ? 0 : runner.tree[$0].reward }
                #expect(e.value(at: index) == e.value + rewards.reduce(0, +))
            }
        }
        #expect(backedUp.contains { $0.rewards != nil })
        #expect(runner.tree[right].q > runner.tree[left].q, "\(runner.tree[right].q) \(runner.tree[left].q)")
        #expect(sink.commits.first?.action == "right")
        try expectFoldMatches(runner, sink)
    }
}
