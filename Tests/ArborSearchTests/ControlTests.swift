import ArborCore
import ArborModels
import Testing

@testable import ArborSearch

@Suite struct ControlTests {
    /// A runner after its first iteration: the root expanded into n1 (right) and n2 (left), valued and backed up.
    func afterFirstIteration(_ config: SearchConfig = smallConfig()) async -> (EpisodeRunner, MemorySink) {
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink)
        await runner.advance()
        await runner.advanceIteration()
        return (runner, sink)
    }

    @Test func forcedExpansionSelectsTheNodeAndNamesTheAuthor() async throws {
        let (runner, sink) = await afterFirstIteration()
        #expect(runner.forceExpansion(at: 2, author: "ana", note: "try left") == .done)
        await runner.advanceIteration()
        let selected = sink.events.compactMap { if case .selected(let e) = $0 { e } else { nil } }
        #expect(selected.last?.path == [0, 2])
        #expect(selected.last?.forced == "ana")
        #expect(selected.last?.levels.first?.map(\.node) == [1, 2])
        #expect(runner.tree[2].expanded)
        #expect(runner.tree[2].children == [3, 4])
        #expect(runner.tree[2].visits == 1)
        #expect(
            sink.interventions == [
                Intervention(kind: .expand, episode: 0, node: 2, author: "ana", note: "try left", outcome: "done")
            ])
        try expectFoldMatches(runner, sink)
    }

    @Test func refusalsAreRecordedAndChangeNothing() async throws {
        let (runner, sink) = await afterFirstIteration()
        await runner.advance()  // select: now mid-iteration
        let tree = runner.tree
        let pending = runner.pending
        let before = sink.events.count
        #expect(
            runner.forceExpansion(at: 2, author: "ana")
                == .refused(
                    "an iteration is under way (next phase: expand n1); finish it first (step one iteration)"))
        #expect(runner.exclude(.root, author: "ana") == .refused("n0 is on the committed path"))
        #expect(runner.exclude(99, author: "ana") == .refused("episode 1 has no node n99"))
        #expect(runner.allow(2, author: "ana") == .refused("n2 is not excluded"))
        #expect(
            await runner.backtrack(to: .root, author: "ana")
                == .refused(
                    "an iteration is under way (next phase: expand n1); finish it first (step one iteration)"))
        #expect(runner.tree == tree)
        #expect(runner.pending == pending)
        #expect(sink.events.count == before + 5)
        #expect(sink.interventions.map(\.node) == [2, 0, nil, 2, 0])
        #expect(sink.interventions.allSatisfy { $0.outcome.hasPrefix("refused: ") })
        await runner.advanceIteration()
        #expect(
            runner.overrideValue(1, value: 1.5, author: "ana") == .refused("a value must lie in [0, 1]; 1.5 does not"))
        #expect(await runner.commitNow(3, author: "ana") == .refused("n3 is not a child of the committed node n0"))
        #expect(await runner.backtrack(to: .root, author: "ana") == .refused("n0 is already the committed node"))
        try expectFoldMatches(runner, sink)
    }

    @Test func excludedChildrenAreNotSelectedUntilAllowed() async throws {
        let (runner, sink) = await afterFirstIteration()
        #expect(runner.exclude(1, author: "bo") == .done)
        await runner.advanceIteration()
        let selected = sink.events.compactMap { if case .selected(let e) = $0 { e } else { nil } }
        #expect(selected.last?.path == [0, 2])
        #expect(selected.last?.levels == [[Candidate(node: 2, visits: 0, q: 0, prior: 0.4, score: 0.4)]])
        try expectFoldMatches(runner, sink)
        #expect(try fold(sink)[1].excluded)
        #expect(runner.allow(1, author: "bo") == .done)
        #expect(try fold(sink)[1].excluded == false)
        await runner.advanceIteration()
        let paths = sink.events.compactMap { if case .selected(let e) = $0 { e.path } else { nil } }
        #expect(paths.last == [NodeID(0), NodeID(1)])
        try expectFoldMatches(runner, sink)
    }

    @Test func overrideAndReevaluateRecordAndBackUp() async throws {
        let (runner, sink) = await afterFirstIteration()
        #expect(runner.overrideValue(2, value: 0.9, author: "cy", note: "looks right") == .done)
        #expect(runner.tree[2].value == 0.9)
        #expect(runner.tree[2].evaluationMethod == .human)
        #expect(runner.tree[2].stats == VisitStatistics(visits: 1, q: 0.9))
        #expect(runner.tree[.root].visits == 2)
        // The human value now leads selection to n2, which is stepped into and keeps the person's value.
        await runner.advanceIteration()
        #expect(runner.tree[2].observed)
        #expect(runner.tree[2].evaluationMethod == .human)
        #expect(runner.tree[2].visits == 2)
        let evaluations = sink.events(.evaluated).count
        #expect(await runner.reevaluate(2, author: "cy") == .done)
        #expect(sink.events(.evaluated).count == evaluations + 1)
        #expect(runner.tree[2].evaluationMethod == .single)
        #expect(runner.tree[2].value == 0.05)
        #expect(runner.tree[2].visits == 3)
        #expect(try fold(sink)[2].evaluations == 2)
        try expectFoldMatches(runner, sink)
    }

    @Test func commitNowTakesTheChosenChild() async throws {
        let (runner, sink) = await afterFirstIteration()
        #expect(await runner.commitNow(2, author: "di") == .done)
        #expect(sink.commits.map(\.node) == [2])
        #expect(sink.commits.map(\.stopReason) == [.commanded])
        #expect(runner.tree.committedPath == [0, 2])
        #expect(runner.step == 1)
        try expectFoldMatches(runner, sink)
    }

    @Test func backtrackRewindsTheRealEpisodeAndAbandonsTheNodesBelow() async throws {
        let config = smallConfig(iterations: 3, maxSteps: 5)
        let sink = runSink(config)
        // The agent stops at cell 3, short of the goal, so no leaf reaches the success value: one commit per step.
        let environment = NumberLine(goal: 9, snapshots: false)
        let runner = makeRunner(config, sink: sink, environment: environment)
        await runner.advance()
        while sink.commits.count < 2 { await runner.advance() }
        let abandoned = runner.tree.committedPath
        #expect(abandoned.count == 3)
        #expect(await runner.backtrack(to: .root, author: "ed") == .done)
        #expect(runner.step == 0)
        #expect(runner.iteration == 0)
        #expect(runner.tree.committedPath == [.root])
        #expect(environment.position == 0)
        let tail = sink.events.suffix(3).map(\.kind)
        #expect(tail == [.intervention, .stepStarted, .backtracked])
        let folded = try fold(sink)
        #expect(folded.committedPath == [.root])
        #expect(folded[abandoned[1]].abandoned && folded[abandoned[2]].abandoned)
        await runner.run()
        try expectFoldMatches(runner, sink)
    }

    @Test func pauseAndStepThroughTheController() async throws {
        let controller = SearchController(startPaused: true, author: "fi")
        let sink = runSink()
        let search = Task {
            let runner = makeRunner(smallConfig(iterations: 2, maxSteps: 1), sink: sink)
            await runner.run(controller: controller)
            return runner.tree
        }
        var statuses = controller.statuses.makeAsyncIterator()
        #expect(await statuses.next() == .paused(step: 0, iteration: 0, next: .select))
        let held = sink.events.count
        controller.stepPhase(author: "fi")
        #expect(await statuses.next() == .paused(step: 0, iteration: 1, next: .expand(path: [0])))
        #expect(sink.events.count == held + 3)  // stepPhase intervention, iterationStarted, selected
        controller.stepIteration(author: "fi")
        #expect(await statuses.next() == .paused(step: 0, iteration: 1, next: .select))
        controller.request(.exclude(2), author: "fi")
        controller.stepIteration(author: "fi")
        #expect(await statuses.next() == .paused(step: 0, iteration: 2, next: .commit(.iterations, leaf: nil)))
        controller.resume(author: "fi")
        #expect(await statuses.next() == .finished)
        let tree = await search.value
        #expect(
            sink.interventions.map(\.kind) == [.pause, .stepPhase, .stepIteration, .exclude, .stepIteration, .resume])
        #expect(tree.committedPath == [0, 1])
        #expect(tree[2].excluded)
        #expect(try fold(sink).committedPath == tree.committedPath)
    }

    @Test func cancellingARunInterruptsItsEpisodes() async throws {
        let sink = runSink()
        let controller = SearchController(startPaused: true)
        let driver = RunDriver(
            config: smallConfig(), agent: ScriptedAgent(), sink: sink, clock: TickingClock(),
            controller: { _ in controller }, environment: { _ in NumberLine() })
        let run = Task { await driver.run([NumberLine.task(3)]) }
        var statuses = controller.statuses.makeAsyncIterator()
        #expect(await statuses.next() == .paused(step: 0, iteration: 0, next: .select))
        run.cancel()
        let ended = await run.value
        #expect(ended.map(\.reason) == [.interrupted])
        #expect(sink.ended?.reason == .interrupted)
        _ = try RunState(sink.records)
    }
}
