import ArborCore
import ArborModels
import Foundation
import Testing

@testable import ArborSearch

/// ExACT's limits around the tree: the in-search horizon, the repeated-action stop, ending on a path valued 1.
@Suite struct SearchLimitTests {
    /// Walks right; every state from cell 1 on is rated 0.9 by the value agent.
    static func eager() -> ScriptedAgent {
        ScriptedAgent(
            policy: { _ in ["right", "right", "right", "left", "left"] },
            value: { context in ScriptedAgent.cell(context) >= 1 ? [0.9] : [0.0] })
    }

    func config(maxSteps: Int = 1) -> SearchConfig {
        var config = smallConfig(.mcts, iterations: 3, maxSteps: maxSteps)
        config.terminalVerdict = .evaluator
        return config
    }

    @Test func aNodeAtTheStepLimitInsideTheSearchIsADeadEndValuedZero() async throws {
        let sink = runSink(config())
        let agent = Self.eager()
        let runner = makeRunner(config(), sink: sink, agent: agent)
        let ended = await runner.run()
        // Both children of the root sit at the limit (one step): terminal, valued 0 by the limit, never judged.
        for child in runner.tree[.root].children where runner.tree[child].observed {
            #expect(runner.tree[child].terminal)
            #expect(runner.tree[child].value == 0)
            #expect(runner.tree[child].evaluationMethod == .limit)
        }
        #expect(agent.contexts(.value).map(\.node) == [.root])
        let limited = sink.events.compactMap { if case .evaluated(let e) = $0, e.method == .limit { e } else { nil } }
        #expect(limited.map(\.value) == [0, 0])
        #expect(ended.reason == .maxSteps)
        #expect(ended.steps == 1)
        try expectFoldMatches(runner, sink)
    }

    @Test func withoutTheSearchHorizonTheLastStepIsJudged() async throws {
        var config = config()
        config.searchHorizon = false
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink, agent: Self.eager())
        let ended = await runner.run()
        let right = try #require(runner.tree[.root].children.first)
        #expect(runner.tree[right].value == 0.9)
        #expect(runner.tree[right].evaluationMethod == .single)
        #expect(sink.events.allSatisfy { if case .evaluated(let e) = $0 { e.method != .limit } else { true } })
        #expect(ended.reason == .maxSteps)
    }

    @Test func aStopAtTheStepLimitIsStillJudged() async throws {
        let agent = ScriptedAgent(
            policy: { _ in ["stop", "stop", "stop"] }, value: { _ in [0.4] })
        let sink = runSink(config())
        let runner = makeRunner(config(), sink: sink, agent: agent)
        let ended = await runner.run()
        let stop = try #require(runner.tree[.root].children.first)
        #expect(runner.tree[stop].evaluationMethod == .single)
        #expect(runner.tree[stop].value == 0.4)
        #expect(ended.reason == .stopped)
    }

    @Test(
        "ExACT's repeat rule: the last N actions the same, or one typing action N times anywhere",
        arguments: [
            (["left", "left", "left"], 3, true), (["left", "left", "left"], 4, false),
            (["right", "left", "left", "left"], 3, true), (["left", "right", "left", "left"], 3, false),
            (["type [1] \"a\"", "click [2]", "type [1] \"a\"", "scroll down", "type [1] \"a\""], 3, true),
            (["type [1] \"a\"", "type [1] \"b\"", "type [1] \"a\""], 3, false), (["left", "left"], 0, false),
        ])
    func repeatRule(actions: [String], limit: Int, repeats: Bool) {
        #expect(SearchLimit.repeats(actions, limit: limit) == repeats)
    }

    @Test func aRepeatedActionIsADeadEndInTheSearchAndEndsTheEpisode() async throws {
        // Left at cell 0 stays at cell 0: a policy that only says left repeats itself.
        let agent = ScriptedAgent(policy: { _ in ["left", "left", "left"] }, value: { _ in [0.5] })
        var config = config(maxSteps: 5)
        config.repeatLimit = 2
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink, agent: agent)
        let ended = await runner.run()
        #expect(ended.reason == .repeating)
        #expect(ended.steps == 2)
        let second = runner.tree.committedPath[2]
        #expect(runner.tree[second].evaluationMethod == .limit)
        #expect(runner.tree[second].value == 0)
        try expectFoldMatches(runner, sink)
    }

    @Test func greedyStopsOnARepeatedActionToo() async throws {
        let agent = ScriptedAgent(policy: { _ in ["left", "left", "left"] })
        var config = smallConfig(.greedy, maxSteps: 5)
        config.repeatLimit = 3
        let sink = runSink(config)
        let ended = await makeRunner(config, sink: sink, agent: agent).run()
        #expect(ended.reason == .repeating)
        #expect(ended.steps == 3)
    }

    /// The value agent rates cell 1 at 1.0: the search commits its path and, as ExACT, ends the episode there.
    @Test func aCommittedPathValuedOneEndsTheEpisode() async throws {
        let agent = ScriptedAgent(
            policy: { _ in ["right", "right", "right", "left", "left"] },
            value: { context in ScriptedAgent.cell(context) >= 1 ? [1.0] : [0.0] })
        var config = config(maxSteps: 5)
        let sink = runSink(config)
        let ended = await makeRunner(config, sink: sink, agent: agent).run()
        #expect(ended.reason == .valued)
        #expect(ended.steps == 1)
        #expect(sink.commits.map(\.stopReason) == [.success])

        config.endOnSuccessPath = false
        let goingOn = runSink(config)
        let continued = await makeRunner(config, sink: goingOn, agent: agent).run()
        #expect(continued.reason == .maxSteps)
        #expect(goingOn.commits.count == 5)
    }

    @Test func theLimitsAreRecordedInTheRunsConfiguration() throws {
        var config = SearchConfig()
        #expect(config.flattened["searchHorizon"] == "true")
        #expect(config.flattened["repeatLimit"] == "5")
        #expect(config.flattened["endOnSuccessPath"] == "true")
        #expect(config.flattened["wallClockPerStep"] == "none")
        config.searchHorizon = false
        config.repeatLimit = 0
        config.endOnSuccessPath = false
        config.wallClockPerStep = 300
        #expect(config.flattened["searchHorizon"] == "false")
        #expect(config.flattened["repeatLimit"] == "0")
        #expect(config.flattened["endOnSuccessPath"] == "false")
        #expect(config.flattened["wallClockPerStep"] == "300.0")
        let decoded = try JSONDecoder().decode(SearchConfig.self, from: Data(#"{"repeatLimit": 0}"#.utf8))
        #expect(decoded.repeatLimit == 0)
        #expect(decoded.searchHorizon)
        #expect(try JSONDecoder().decode(SearchConfig.self, from: JSONEncoder().encode(config)) == config)
    }
}
