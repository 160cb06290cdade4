import ArborCore
import ArborModels
import Testing

@testable import ArborSearch

@Suite struct EpisodeTests {
    @Test func phasesRunInOrderAndBackUpIsARunningMean() async throws {
        let sink = runSink()
        let runner = makeRunner(smallConfig(), sink: sink)
        var phases: [SearchPhase] = []
        for _ in 0..<10 { phases.append(await runner.advance()) }
        #expect(
            phases == [
                .start, .select, .expand(path: [0]), .evaluate(path: [0]), .backUp(path: [0], value: 0.05),
                .select, .expand(path: [0, 1]), .evaluate(path: [0, 1]), .backUp(path: [0, 1], value: 0.25), .select,
            ])
        // Root expansion: right ×3, left ×2, one unparseable and one ungroundable sample.
        let e = try #require(sink.events(.expanded).first.flatMap { if case .expanded(let e) = $0 { e } else { nil } })
        #expect(e.children.map(\.action) == ["right", "left"])
        #expect(e.children.map(\.prior) == [0.6, 0.4])
        #expect(e.samples == 7)
        #expect(e.unparseable == 2)

        var root = VisitStatistics()
        root.record(0.05)
        root.record(0.25)
        #expect(runner.tree[.root].stats == root)
        #expect(abs(runner.tree[.root].q - 0.15) < 1e-15)
        #expect(runner.tree[NodeID(1)].stats == VisitStatistics(visits: 1, q: 0.25))
        #expect(runner.tree[NodeID(2)].stats == VisitStatistics())
        #expect(runner.iteration == 3)
        try expectFoldMatches(runner, sink)
    }

    @Test func aLeafAtTheSuccessValueCommitsItsWholePath() async throws {
        let sink = runSink()
        let agent = ScriptedAgent(policy: { context in
            let forward = ScriptedAgent.cell(context) >= 1 ? ["stop", "stop", "stop"] : ["right", "right", "right"]
            return forward + ["left", "left"]
        })
        let runner = makeRunner(smallConfig(), sink: sink, environment: NumberLine(goal: 1), agent: agent)
        let ended = await runner.run()
        #expect(sink.commits.map(\.node) == [NodeID(1), NodeID(3)])
        #expect(sink.commits.map(\.action) == ["right", "stop"])
        #expect(sink.commits.map(\.stopReason) == [.success, .success])
        #expect(sink.commits.map(\.iterations) == [3, 3])
        #expect(
            ended
                == EpisodeEnded(
                    episode: 0, success: true, reward: 1, estimatedSuccess: 1, steps: 2, reason: .stopped,
                    estimate: SuccessEstimate(meanQ: 0.8125, succeeded: true)))
        #expect(runner.tree[NodeID(3)].evaluationMethod == .terminal)
        try expectFoldMatches(runner, sink)
    }

    @Test func byDefaultTheSearchNeverSeesTheCheckUntilTheEpisodeEnds() async throws {
        var config = smallConfig()
        config.terminalVerdict = .evaluator
        let sink = runSink(config)
        let agent = ScriptedAgent(policy: { context in
            ScriptedAgent.cell(context) >= 1 ? ["stop", "stop", "stop"] : ["right", "right", "right"]
        })
        let runner = makeRunner(config, sink: sink, environment: NumberLine(goal: 1), agent: agent)
        let ended = await runner.run()
        #expect(ended.success)
        // Terminals were judged by the value agent while searching; none was valued by the environment's check.
        let methods = sink.events.compactMap { event -> EvaluationMethod? in
            if case .evaluated(let e) = event { return e.method }
            return nil
        }
        #expect(!methods.isEmpty && !methods.contains(.terminal))
        // Every terminal observed during the search has an unknown verdict; the committed one learns it at the end,
        // in an `observed` event after the last commit.
        let observed = sink.events.compactMap { event -> Observed? in
            if case .observed(let e) = event, e.terminal { return e }
            return nil
        }
        #expect(observed.dropLast().allSatisfy { $0.success == nil })
        #expect(observed.last?.success == true && observed.last?.reward == 1)
        let lastCommit = try #require(sink.events.lastIndex { if case .actionCommitted = $0 { true } else { false } })
        let reveal = try #require(sink.events.lastIndex { if case .observed = $0 { true } else { false } })
        #expect(reveal > lastCommit)
        try expectFoldMatches(runner, sink)
    }

    @Test func iterationBudgetCommitsEachStepAndMaxStepsEndsTheEpisode() async throws {
        let sink = runSink()
        let runner = makeRunner(smallConfig(iterations: 2, maxSteps: 2), sink: sink)
        let ended = await runner.run()
        #expect(sink.commits.map(\.stopReason) == [.iterations, .iterations])
        #expect(sink.commits.map(\.iterations) == [2, 2])
        #expect(ended.reason == .maxSteps)
        #expect(ended.steps == 2)
        #expect(ended.success == false)
        try expectFoldMatches(runner, sink)
    }

    @Test func wallClockBudgetStopsAStep() async throws {
        var config = smallConfig(iterations: 20, maxSteps: 1)
        config.wallClockPerStep = 6
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink, clock: TickingClock(tick: 1))
        let ended = await runner.run()
        let commit = try #require(sink.commits.first)
        #expect(commit.stopReason == .wallClock)
        #expect(commit.iterations < 20)
        #expect(ended.reason == .maxSteps)
        try expectFoldMatches(runner, sink)
    }

    @Test func tokenBudgetCommitsAndEndsTheEpisode() async throws {
        var config = smallConfig(iterations: 20)
        config.tokenBudget = 40
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink)
        let ended = await runner.run()
        // Each call costs 15 tokens: root expand and evaluate (30), then n1's (60) crosses 40.
        #expect(sink.commits.map(\.stopReason) == [.tokens])
        #expect(sink.commits.map(\.node) == [NodeID(1)])
        #expect(runner.tokens == 60)
        #expect(ended.reason == .tokens)
        #expect(ended.steps == 1)
        try expectFoldMatches(runner, sink)
    }

    @Test func greedyTakesTheMostProposedActionWithoutValues() async throws {
        let sink = runSink()
        let runner = makeRunner(smallConfig(.greedy, maxSteps: 10), sink: sink)
        let ended = await runner.run()
        #expect(sink.commits.map(\.action) == ["right", "right", "right", "stop"])
        #expect(sink.commits.map(\.iterations) == [0, 0, 0, 0])
        #expect(sink.events(.evaluated).isEmpty)
        #expect(sink.events(.selected).isEmpty)
        #expect(ended.success)
        #expect(ended.reason == .stopped)
        try expectFoldMatches(runner, sink)
    }

    @Test(arguments: [true, false])
    func theLogIsTheTruth(snapshots: Bool) async throws {
        for method in [SearchMethod.mcts, .rmcts, .rmctsDebate] {
            for carry in [false, true] {
                var config = smallConfig(method, iterations: 6)
                config.carryStatistics = carry
                let sink = runSink(config)
                let environment = NumberLine(goal: 3, snapshots: snapshots)
                let runner = makeRunner(config, sink: sink, environment: environment)
                await runner.run()
                try expectFoldMatches(runner, sink)
                let methods = sink.events.compactMap { if case .backtracked(let e) = $0 { e.method } else { nil } }
                #expect(!methods.isEmpty)
                #expect(Set(methods) == [snapshots ? .restore : .replay])
                #expect(environment.restores > 0 || !snapshots)
                #expect(sink.events(.debate).isEmpty == (method != .rmctsDebate))
            }
        }
    }

    @Test func uctSearchAlsoFoldsExactly() async throws {
        var config = smallConfig(iterations: 8)
        config.selection = .uct
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink)
        await runner.run()
        try expectFoldMatches(runner, sink)
    }

    @Test func debateRecordsEveryTurnAndAveragesReadableVotes() async throws {
        let config = smallConfig(.rmctsDebate, iterations: 1, maxSteps: 1)
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink)
        await runner.run()
        let debate = try #require(sink.events(.debate).first.flatMap { if case .debate(let d) = $0 { d } else { nil } })
        // At cell 0 every judge votes E, except one unreadable vote when the opponent is read first.
        #expect(debate.turns.map(\.role) == [.supporter, .opponent, .judge, .judge, .judge, .judge])
        #expect(debate.turns.map(\.vote) == [nil, nil, "E", "E", "E", nil])
        #expect(debate.turns.map(\.order) == [nil, nil, 0, 0, 1, 1])
        // Votes keep ExACT's values: E is −1 on the debate's scale.
        #expect(debate.value == -1)
        #expect(sink.text(debate.turns[0].text)?.hasPrefix("supporter argues") == true)
        let evaluated = try #require(
            sink.events(.evaluated).first.flatMap { if case .evaluated(let e) = $0 { e } else { nil } })
        #expect(evaluated.method == .debate)
        #expect(evaluated.samples == [-1, -1, -1])
        // The failed episode is worth −1 on that scale; the committed, unvisited action was expected at 0: a surprise
        // of 1, above 0.5, so one policy and one value lesson follow.
        let roles = sink.events.compactMap { if case .modelCall(let c) = $0 { c.role } else { nil } }
        #expect(roles == [.policy, .supporter, .opponent, .judge, .judge, .reflector, .reflector])
    }

    @Test func sameSeedAndConfigGiveTheSameLog() async throws {
        func log() async throws -> [String] {
            let config = smallConfig(.rmctsDebate, iterations: 5)
            let sink = runSink(config)
            let runner = makeRunner(config, sink: sink, environment: NumberLine(goal: 3, snapshots: false))
            await runner.run()
            return try sink.events.map {
                "\($0.kind.rawValue) " + String(decoding: try $0.encodedPayload(), as: UTF8.self)
            }
        }
        let first = try await log()
        let second = try await log()
        #expect(first.count > 50)
        #expect(first == second)
    }
}
