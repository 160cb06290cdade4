import ArborCore
import Testing

@testable import ArborSearch

@Suite struct LockRootTests {
    /// A runner after its first iteration: the root expanded into n1 (right) and n2 (left).
    func afterFirstIteration() async -> (EpisodeRunner, MemorySink) {
        let config = smallConfig()
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink)
        await runner.advance()
        await runner.advanceIteration()
        return (runner, sink)
    }

    var selections: (MemorySink) -> [[NodeID]] {
        { sink in sink.events.compactMap { if case .selected(let e) = $0 { e.path } else { nil } } }
    }

    @Test func selectionStartsAtTheLockAndTheStepCommitsTowardIt() async throws {
        let (runner, sink) = await afterFirstIteration()
        #expect(runner.lockRoot(at: 2, author: "ana", note: "only left") == .done)
        #expect(runner.lockedRoot == 2)
        for _ in 0..<3 { await runner.advanceIteration() }
        let paths = selections(sink).dropFirst()
        #expect(paths.count == 3)
        #expect(paths.allSatisfy { Array($0.prefix(2)) == [0, 2] })
        #expect(runner.pending == .commit(.iterations, leaf: nil))
        await runner.advance()
        #expect(runner.tree.committedPath == [0, 2])
        // The committed node is the locked node: the lock holds (it changes nothing) until the path passes it.
        #expect(runner.lockedRoot == 2)
        await runner.advanceIteration()
        let child = try #require(runner.tree[2].children.first)
        #expect(await runner.commitNow(child, author: "ana") == .done)
        #expect(runner.tree.committedPath == [0, 2, child])
        #expect(runner.lockedRoot == nil)
        #expect(
            sink.interventions.map { "\($0.kind) \($0.node.map(String.init(describing:)) ?? "-") \($0.author)" } == [
                "lockRoot n2 ana", "commit \(child) ana", "unlockRoot n2 arbor",
            ])
        try expectFoldMatches(runner, sink)
    }

    @Test func lockRefusalsAndUnlock() async throws {
        let (runner, sink) = await afterFirstIteration()
        #expect(runner.lockRoot(at: 99, author: "bo") == .refused("episode 1 has no node n99"))
        #expect(runner.unlockRoot(author: "bo") == .refused("the root is not locked"))
        #expect(runner.exclude(1, author: "bo") == .done)
        #expect(runner.lockRoot(at: 1, author: "bo") == .refused("n1 is excluded; allow it first"))
        #expect(runner.allow(1, author: "bo") == .done)
        #expect(runner.lockRoot(at: 2, author: "bo") == .done)
        #expect(runner.lockRoot(at: 2, author: "bo") == .refused("the root is already locked at n2"))
        #expect(runner.exclude(2, author: "bo") == .refused("n2 is on the way to the locked root n2"))
        #expect(
            runner.forceExpansion(at: 1, author: "bo") == .refused("n1 is outside the locked root n2; unlock it first"))
        #expect(
            await runner.commitNow(1, author: "bo")
                == .refused("the root is locked at n2, which n1 does not lead to; unlock it first"))
        let tree = runner.tree
        await runner.advance()  // select: mid-iteration now
        #expect(
            runner.unlockRoot(author: "bo")
                == .refused(
                    "an iteration is under way (next phase: expand n2); finish it first (step one iteration)"))
        await runner.advanceIteration()
        #expect(runner.tree.count > tree.count)
        #expect(runner.unlockRoot(author: "bo", note: "enough") == .done)
        #expect(runner.lockedRoot == nil)
        #expect(
            sink.interventions.last
                == Intervention(
                    kind: .unlockRoot, episode: 0, node: 2, author: "bo", note: "enough", outcome: "done"))
        #expect(sink.interventions.filter { $0.outcome == "done" }.count == 4)
        try expectFoldMatches(runner, sink)
    }

    @Test func theControllerTogglesTheLockOnTheSameNode() async throws {
        let config = smallConfig(iterations: 2, maxSteps: 1)
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink)
        await runner.advance()
        await runner.advanceIteration()
        let controller = SearchController(startPaused: true, author: "cy")
        controller.request(.lockRoot(2), author: "cy")
        controller.request(.lockRoot(2), author: "cy")
        controller.request(.lockRoot(1), author: "cy")
        controller.resume(author: "cy")
        await runner.run(controller: controller)
        #expect(sink.interventions.map(\.kind) == [.pause, .lockRoot, .unlockRoot, .lockRoot, .resume])
        #expect(runner.tree.committedPath == [0, 1])
        try expectFoldMatches(runner, sink)
    }
}
