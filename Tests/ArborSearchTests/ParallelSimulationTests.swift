import ArborCore
import ArborEnvironments
import ArborModels
import ArborOfflineAgent
import Testing

@testable import ArborSearch

/// A small budget for MiniWeb searches: 4 real steps, 6 policy samples, 3 value samples, 2 judges per order.
func miniWebConfig(_ method: SearchMethod, simulations: Int, iterations: Int) -> SearchConfig {
    var config = SearchConfig(method: method)
    config.iterationsPerStep = iterations
    config.maxSteps = 4
    config.samples = 6
    config.valueSamples = 3
    config.judgeSamplesPerOrder = 2
    config.simulations = simulations
    return config
}

/// A MiniWeb run with the offline agent, seed 7, on the first three test tasks, recorded in memory.
func offlineMiniWebRun(_ method: SearchMethod, simulations: Int) async throws -> MemorySink {
    let config = miniWebConfig(method, simulations: simulations, iterations: 8)
    let sink = MemorySink()
    sink.append(
        .runStarted(
            RunStarted(
                environment: "miniweb", model: "offline", method: method.rawValue, seed: 7,
                config: config.flattened)))
    let tasks = Array(try EnvironmentCatalog.tasks(name: "miniweb", seed: 7, split: .test).prefix(3))
    let driver = RunDriver(
        config: config, agent: OfflineAgent(seed: 7), sink: sink, clock: TickingClock(tick: 0.001),
        environment: { _ in try EnvironmentCatalog.make(name: "miniweb", seed: 7) })
    _ = await driver.run(tasks)
    return sink
}

/// The SHA-256 of every event's kind and payload bytes, in order.
func logDigest(_ sink: MemorySink) throws -> String {
    var text = ""
    for event in sink.events {
        text += event.kind.rawValue + " " + String(decoding: try event.encodedPayload(), as: UTF8.self) + "\n"
    }
    return SHA256.hex(text)
}

@Suite struct ParallelSimulationTests {
    /// One simulation at a time is the search as it was before parallel simulations: these digests were recorded
    /// from the engine before they existed, and K = 1 must reproduce them byte for byte. Re-recorded once since, when
    /// actions gained their element labels (in `expanded` and in the prompts, so in the calls' tokens); with labels
    /// turned off the log still gives the first digests (rmcts-debate bd3d09cd…, rmcts 28cacd29…).
    @Test(arguments: [
        (SearchMethod.rmctsDebate, "3b30b086ca0154e651d581ac33d76218a41ac48f728f01177052ea8259821a5e"),
        (SearchMethod.rmcts, "e40b4b8a38ba95d187d6ae1ef3b12ba8d554b04557c81f1ca9defb106a536387"),
    ])
    func oneSimulationReproducesTheLogRecordedBeforeParallelSearch(method: SearchMethod, digest: String) async throws {
        let sink = try await offlineMiniWebRun(method, simulations: 1)
        let recorded = try logDigest(sink)
        print("log digest \(method.rawValue): \(recorded) (\(sink.events.count) events)")
        #expect(recorded == digest)
    }
}

/// One MiniWeb episode (the first test task, seed 7) with `simulations` at a time, run to its end.
func parallelEpisode(
    _ method: SearchMethod = .rmctsDebate, simulations: Int, agent: any Agent = OfflineAgent(seed: 7)
) async throws -> (EpisodeRunner, MemorySink) {
    let config = miniWebConfig(method, simulations: simulations, iterations: 12)
    let sink = runSink(config)
    let task = try #require(try EnvironmentCatalog.tasks(name: "miniweb", seed: 7, split: .test).first)
    let runner = EpisodeRunner(
        episode: 0, task: task, environment: try EnvironmentCatalog.make(name: "miniweb", seed: 7), agent: agent,
        config: config, sink: sink, clock: TickingClock(tick: 0.001))
    return (runner, sink)
}

extension MemorySink {
    /// The `selected` events of simulations in flight together, grouped by wave (a wave starts at simulation 1).
    var waves: [[Selected]] {
        var waves: [[Selected]] = []
        for case .selected(let selected) in events where selected.simulation != nil {
            if selected.simulation == 1 { waves.append([]) }
            waves[waves.count - 1].append(selected)
        }
        return waves
    }
}

extension ParallelSimulationTests {
    @Test(arguments: [SearchMethod.rmctsDebate, .rmcts, .mcts])
    func theFoldEqualsTheEnginesTreeWithFourSimulationsInFlight(method: SearchMethod) async throws {
        let (runner, sink) = try await parallelEpisode(method, simulations: 4)
        await runner.run()
        try expectFoldMatches(runner, sink)
        #expect(runner.virtualLoss.isEmpty)
        #expect(try fold(sink).inFlight.isEmpty)
        let waves = sink.waves
        // The first wave of each step is the committed node alone (every selection reaches it, unexpanded); later
        // waves hold several simulations, on distinct leaves.
        #expect(waves.contains { $0.count == 4 })
        for wave in waves {
            let leaves = wave.map { $0.path[$0.path.count - 1] }
            #expect(Set(leaves).count == leaves.count, "a wave never evaluates one leaf twice: \(leaves)")
            #expect(wave.map(\.simulation) == Array(1...wave.count))
        }
        // Every simulation is backed up once, under its own number.
        let backedUp = sink.events.compactMap { if case .backedUp(let b) = $0 { b } else { nil } }
        #expect(backedUp.count == waves.reduce(0) { $0 + $1.count })
        #expect(backedUp.allSatisfy { $0.simulation != nil })
    }

    @Test func fourSimulationsGiveTheSameLogEveryTime() async throws {
        var digests: Set<String> = []
        for _ in 0..<3 {
            let sink = try await offlineMiniWebRun(.rmctsDebate, simulations: 4)
            digests.insert(try logDigest(sink))
        }
        #expect(digests.count == 1)
        let single = try logDigest(try await offlineMiniWebRun(.rmctsDebate, simulations: 1))
        #expect(!digests.contains(single), "four at a time is a different search from one at a time")
    }

    @Test func aVirtualLossCountsAsAVisitValuedAtTheScalesFailureAndComesOffExactly() {
        var loss = VirtualLoss(loss: ValueScale.debate.failure)
        var stats = VisitStatistics()
        stats.record(0.5)
        stats.record(1)
        loss.add([.root, 1, 2])
        loss.add([.root, 1, 3])
        #expect(loss[1] == 2 && loss[2] == 1 && loss[4] == 0)
        // (0.75·2 − 1·2) / 4
        #expect(loss.adjusted(stats, at: 1) == VisitStatistics(visits: 4, q: -0.125))
        #expect(loss.adjusted(stats, at: 4) == stats)
        loss.remove([.root, 1, 2])
        loss.remove([.root, 1, 3])
        #expect(loss.isEmpty && loss[1] == 0 && loss[.root] == 0)
        #expect(loss.adjusted(stats, at: 1) == stats)
    }

    @Test func theSecondSelectionOfAWaveSeesTheFirstOnesVirtualLoss() async throws {
        let (runner, sink) = try await parallelEpisode(.rmctsDebate, simulations: 3)
        await runner.run()
        let wave = try #require(sink.waves.first { $0.count == 3 })
        // Selection 2 saw selection 1's leaf (at depth 1) with one more visit, valued −1, than selection 1 did.
        let first = wave[0].path[1]
        let before = try #require(wave[0].levels[0].first { $0.node == first })
        let after = try #require(wave[1].levels[0].first { $0.node == first })
        #expect(after.visits == before.visits + 1)
        #expect(after.q == (before.q * Double(before.visits) - 1) / Double(before.visits + 1))
    }

    @Test func aFailedSimulationReleasesItsVirtualLossAndTheSearchGoesOn() async throws {
        // Node 2 is a child of the root that the second wave of the first step evaluates.
        let agent = FailingAgent(inner: OfflineAgent(seed: 7), failValueAt: [2])
        let (runner, sink) = try await parallelEpisode(.rmcts, simulations: 4, agent: agent)
        await runner.run()
        let errors = sink.events.compactMap { if case .error(let e) = $0 { e } else { nil } }
        let failure = try #require(errors.first { $0.node == 2 })
        #expect(failure.message == "the evaluator failed: the endpoint is down (503 after 3 retries)")
        let backedUp = sink.events.compactMap { if case .backedUp(let b) = $0 { b } else { nil } }
        let neutral = try #require(backedUp.first { $0.path.last == 2 })
        #expect(neutral.value == ValueScale.single.neutral)
        #expect(neutral.simulation != nil)
        #expect(runner.virtualLoss.isEmpty)
        #expect(sink.ended?.reason != .error)
        try expectFoldMatches(runner, sink)
    }

    @Test func cancellingMidWaveLeavesAWellFormedLogAndNoVirtualLoss() async throws {
        let (waiting, heard) = AsyncStream.makeStream(of: NodeID.self)
        let agent = FailingAgent(inner: OfflineAgent(seed: 7), holdValueAt: [3], waiting: heard)
        let task = Task {
            let (runner, sink) = try await parallelEpisode(.rmcts, simulations: 4, agent: agent)
            let ended = await runner.run()
            return (ended, runner.virtualLoss.isEmpty, sink)
        }
        var waits = waiting.makeAsyncIterator()
        #expect(await waits.next() == 3)
        task.cancel()
        let (ended, released, sink) = try await task.value
        #expect(ended.reason == .interrupted)
        #expect(released)
        let tree = try fold(sink)
        #expect(tree.outcome?.reason == .interrupted)
        #expect(tree.inFlight.isEmpty)
        // The wave that was cut short: selected, never backed up.
        let lastWave = try #require(sink.waves.last)
        #expect(lastWave.contains { $0.path.last == 3 })
        let backedUp = sink.events.compactMap { if case .backedUp(let b) = $0 { b } else { nil } }
        #expect(!backedUp.contains { $0.path.last == 3 })
    }
}

extension ParallelSimulationTests {
    @Test func pausingMidWaveWaitsForTheSimulationsInFlightAndSaysSo() async throws {
        let (waiting, heard) = AsyncStream.makeStream(of: NodeID.self)
        let agent = FailingAgent(inner: OfflineAgent(seed: 7), holdValueAt: [3], waiting: heard)
        let controller = SearchController()
        let task = Task {
            let (runner, sink) = try await parallelEpisode(.rmcts, simulations: 4, agent: agent)
            let ended = await runner.run(controller: controller)
            return (ended, sink)
        }
        var waits = waiting.makeAsyncIterator()
        #expect(await waits.next() == 3)
        var statuses = controller.statuses.makeAsyncIterator()
        controller.pause(author: "ada")
        let said = await statuses.next()
        guard case .waiting(let simulations) = said else {
            Issue.record("expected a word that the pause waits, got \(String(describing: said))")
            return
        }
        #expect(simulations >= 2)
        agent.release.yield()
        // Paused only once the wave is over: the next phase is a selection (or the step's commit).
        guard case .paused(_, _, let next) = await statuses.next() else {
            Issue.record("expected the search to pause after the wave")
            return
        }
        #expect(next.isIterationBoundary)
        controller.resume(author: "ada")
        let (ended, sink) = try await task.value
        #expect(ended.reason != .error && ended.reason != .interrupted)
        // Every simulation of the wave that held the pause was backed up before the pause was recorded.
        let events = sink.events
        let pause = try #require(
            events.firstIndex { if case .intervention(let i) = $0 { i.kind == .pause } else { false } })
        let held = try #require(events.firstIndex { if case .backedUp(let b) = $0 { b.path.last == 3 } else { false } })
        #expect(held < pause)
        try #require(
            events[..<pause].compactMap { if case .selected(let s) = $0 { s.simulation } else { nil } }.count
                == events[..<pause].compactMap { if case .backedUp(let b) = $0 { b.simulation } else { nil } }.count)
    }
}
