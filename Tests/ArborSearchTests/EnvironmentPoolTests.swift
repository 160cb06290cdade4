import ArborCore
import ArborEnvironments
import ArborModels
import ArborOfflineAgent
import Testing

@testable import ArborSearch

/// What the instances of a ``TracedWeb`` pool did, for tests to read after the episode.
final class PoolTrace {
    /// One grounding of an action: the instance's number, the actions it had taken since its last reset, and how
    /// many events the sink held then (the expansion it grounds for is the next `expanded`).
    struct Grounding {
        var instance: Int
        var actions: [String]
        var events: Int
    }

    let sink: MemorySink
    private(set) var made = 0
    /// Numbers of the instances closed, in the order they were.
    var closed: [Int] = []
    var groundings: [Grounding] = []
    /// The instance (by number) whose step of this index (from 1, counted over its life) fails as a dead child would.
    var failing: (instance: Int, step: Int)?
    /// Once an instance has failed, every instance made after it fails at its first step too.
    var newInstancesFailAfterAFailure = false
    private(set) var failures = 0
    /// How many instances had been made when the first one failed.
    private(set) var madeAtFirstFailure: Int?

    init(sink: MemorySink) { self.sink = sink }

    func number() -> Int {
        made += 1
        return made
    }

    /// Whether instance `number`'s step of index `step` fails, counting it when it does.
    func fails(instance number: Int, step: Int) -> Bool {
        let scheduled = failing.map { $0.instance == number && $0.step == step } == true
        let afterward = newInstancesFailAfterAFailure && number > (madeAtFirstFailure ?? Int.max)
        guard scheduled || afterward else { return false }
        failures += 1
        if madeAtFirstFailure == nil { madeAtFirstFailure = made }
        return true
    }
}

/// MiniWeb (seed 7) that cannot save its state, each instance numbered, telling a ``PoolTrace`` what it does: the
/// environment a pool serves, as an `exec:` environment without snapshots would be.
final class TracedWeb: Environment {
    let number: Int
    private let inner: any Environment
    private let trace: PoolTrace
    private var actions: [String] = []
    private var steps = 0

    init(_ trace: PoolTrace) throws {
        inner = try EnvironmentCatalog.make(name: "miniweb", seed: 7)
        self.trace = trace
        number = trace.number()
    }

    var name: String { inner.name }
    var actionGrammar: String { inner.actionGrammar }
    var actionSyntax: ActionSyntax { inner.actionSyntax }
    var supportsSnapshot: Bool { false }

    func tasks(_ split: TaskSplit) async throws -> [TaskSpec] { try await inner.tasks(split) }

    func reset(_ task: TaskSpec) async throws -> Observation {
        actions = []
        return try await inner.reset(task)
    }

    func step(_ action: String) async throws -> Observation {
        steps += 1
        if trace.fails(instance: number, step: steps) {
            throw EnvironmentError.failed("the child of instance \(number) died")
        }
        let observation = try await inner.step(action)
        actions.append(action)
        return observation
    }

    func ground(_ action: String) -> String? {
        trace.groundings.append(.init(instance: number, actions: actions, events: trace.sink.records.count))
        return inner.ground(action)
    }

    func outcome() async throws -> Outcome { try await inner.outcome() }

    func close() async {
        trace.closed.append(number)
        await inner.close()
    }
}

/// The first MiniWeb test task (seed 7), rmcts with `simulations` at a time, on ``TracedWeb`` instances made as the
/// pool asks for them.
func pooledEpisode(
    simulations: Int, environments: Int? = nil, agent: any Agent = OfflineAgent(seed: 7),
    method: SearchMethod = .rmcts, iterations: Int = 12
) throws -> (EpisodeRunner, MemorySink, PoolTrace) {
    var config = miniWebConfig(method, simulations: simulations, iterations: iterations)
    config.environments = environments
    let sink = runSink(config)
    let trace = PoolTrace(sink: sink)
    let task = try #require(try EnvironmentCatalog.tasks(name: "miniweb", seed: 7, split: .test).first)
    let runner = EpisodeRunner(
        episode: 0, task: task, environment: try TracedWeb(trace), agent: agent, config: config, sink: sink,
        clock: TickingClock(tick: 0.001), makeEnvironment: { try TracedWeb(trace) })
    return (runner, sink, trace)
}

extension MemorySink {
    /// Each wave's selected leaves and the backtracks recorded while its simulations were in flight, in log order.
    var backtracksInWaves: [(leaves: [NodeID], backtracks: [Backtracked])] {
        var found: [(leaves: [NodeID], backtracks: [Backtracked])] = []
        var inFlight = 0
        for event in events {
            switch event {
            case .selected(let selected) where selected.simulation != nil:
                if inFlight == 0 { found.append(([], [])) }
                found[found.count - 1].leaves.append(selected.path[selected.path.count - 1])
                inFlight += 1
            case .backedUp(let backedUp) where backedUp.simulation != nil: inFlight -= 1
            case .backtracked(let backtracked) where inFlight > 0:
                found[found.count - 1].backtracks.append(backtracked)
            default: break
            }
        }
        return found
    }
}

@Suite struct EnvironmentPoolTests {
    @Test func aPoolHandsEachInstanceToOneSimulationAtATimeAndMakesThemOnlyWhenNeeded() async throws {
        var made = 0
        let pool = EnvironmentPool(
            lead: NumberLine(snapshots: false), capacity: 3,
            make: {
                made += 1
                return NumberLine(snapshots: false)
            })
        #expect(pool.isPool)
        #expect(try await pool.lease(for: 4, parent: 1) == 0)
        #expect(made == 0, "an idle instance is leased before a new one is made")
        #expect(try await pool.lease(for: 5, parent: 1) == 1)
        #expect(try await pool.lease(for: 6, parent: 2) == 2)
        #expect(made == 2)
        #expect(!pool.canLease, "three instances, three leases: no fourth")
        pool[1].at = 5
        pool[2].at = 2
        pool.release(1)
        pool.release(2)
        #expect(pool.canLease)
        // A simulation whose leaf's parent is node 2 gets the instance there, not the first idle one.
        #expect(try await pool.lease(for: 7, parent: 2) == 2)
        #expect(try await pool.lease(for: 8, parent: 3) == 1)
        #expect(!pool.canLease)
        pool.releaseAll()
        #expect(pool.instances.allSatisfy { !$0.leased })
        #expect(
            pool.recordedUsage == EnvironmentPoolUsage(instances: 3, leases: 5, reused: 1, replaced: 0))
        await pool.closeMade()
        #expect(pool.instances.count == 1)
    }

    @Test func withoutAFactoryOrWithRoomForOneThereIsNoPool() async throws {
        let alone = EnvironmentPool(lead: NumberLine(snapshots: false), capacity: 4, make: nil)
        let one = EnvironmentPool(lead: NumberLine(snapshots: false), capacity: 1, make: { NumberLine() })
        for pool in [alone, one] {
            #expect(!pool.isPool)
            #expect(try await pool.lease(for: 3, parent: 1) == 0)
            #expect(try await pool.lease(for: 4, parent: 1) == 0)
            #expect(pool.canLease)
            #expect(pool.recordedUsage == nil)
        }
    }

    @Test func theSimulationsOfAWaveEachHoldAnInstanceOfTheirOwnAndGroundTheirActionsInIt() async throws {
        let (runner, sink, trace) = try pooledEpisode(simulations: 4)
        await runner.run()
        try expectFoldMatches(runner, sink)
        #expect(runner.virtualLoss.isEmpty)
        let usage = try #require(sink.ended?.environments)
        #expect(usage.instances == trace.made)
        #expect(usage.leases == sink.waves.reduce(0) { $0 + $1.count })
        // Four instances (K) for 48 simulations; 30 of them found one at the leaf or its parent, so needed no reset.
        var counts = usage
        counts.replayMs = 0
        #expect(counts == EnvironmentPoolUsage(instances: 4, leases: 48, reused: 30, replays: 22, actionsReplayed: 49))
        let backtracks = sink.events.compactMap { if case .backtracked(let b) = $0 { b } else { nil } }
        let replays = backtracks.filter { $0.method == .replay }
        #expect(usage.replays == replays.count)
        #expect(usage.actionsReplayed == replays.reduce(0) { $0 + $1.actionsReplayed })
        #expect(usage.replayMs == replays.reduce(0) { $0 + $1.durationMs })
        #expect(backtracks.allSatisfy { $0.instance != nil })
        // Every expansion's actions were grounded by an instance in its parent's state.
        let events = sink.events
        #expect(!trace.groundings.isEmpty)
        for grounding in trace.groundings {
            let next = events[grounding.events...].first { $0.kind == .expanded }
            guard case .expanded(let expanded) = try #require(next) else { continue }
            #expect(grounding.actions == runner.tree.actions(to: expanded.parent), "\(grounding.instance)")
        }
        // A wave's instances are moved after its selections, each once at most, in the order the simulations were
        // selected, each to its own simulation's leaf or that leaf's parent: none was shared.
        #expect(sink.backtracksInWaves.contains { $0.backtracks.count > 1 }, "some waves moved several instances")
        for wave in sink.backtracksInWaves {
            #expect(Set(wave.backtracks.map(\.instance)).count == wave.backtracks.count, "\(wave)")
            var leaves = wave.leaves[...]
            for backtracked in wave.backtracks {
                while let leaf = leaves.first, ![leaf, runner.tree[leaf].parent].contains(backtracked.to) {
                    leaves.removeFirst()
                }
                #expect(!leaves.isEmpty, "\(backtracked) matches no simulation of its wave \(wave.leaves)")
                leaves = leaves.dropFirst()
            }
        }
        // The episode closed every instance it made (the one it was given is its maker's to close).
        #expect(trace.closed.sorted() == Array(2...trace.made))
    }

    /// Moving the pooled instances after the wave's selections, all at once, changes neither the waves, the
    /// selections nor the expansions: the pool and the one shared environment make the same search (the debate, K = 8).
    @Test func aPoolMakesTheSameSearchAsOneSharedEnvironment() async throws {
        func search(_ environments: Int?) async throws -> [String] {
            let (runner, sink, _) = try pooledEpisode(
                simulations: 8, environments: environments, method: .rmctsDebate, iterations: 20)
            await runner.run()
            return sink.events.compactMap { event in
                switch event {
                case .selected(let selected): "selected \(selected.path.map(\.rawValue)) as \(selected.simulation ?? 0)"
                case .expanded(let expanded): "expanded \(expanded.parent.rawValue) \(expanded.children.map(\.action))"
                case .backedUp(let backedUp): "backedUp \(backedUp.path.map(\.rawValue)) \(backedUp.value)"
                default: nil
                }
            }
        }
        let pooled = try await search(nil)
        let shared = try await search(1)
        #expect(pooled.count > 100)
        #expect(pooled == shared)
    }

    @Test func withOneEnvironmentTheWaveSharesItAndBringsItBackToEachLeafToGroundItsActions() async throws {
        let (runner, sink, trace) = try pooledEpisode(simulations: 4, environments: 1)
        await runner.run()
        try expectFoldMatches(runner, sink)
        #expect(sink.ended?.environments == nil)
        #expect(trace.made == 1)
        #expect(sink.waves.contains { $0.count == 4 })
        let events = sink.events
        for grounding in trace.groundings {
            let next = events[grounding.events...].first { $0.kind == .expanded }
            guard case .expanded(let expanded) = try #require(next) else { continue }
            #expect(grounding.actions == runner.tree.actions(to: expanded.parent))
        }
        // The shared environment goes back to earlier leaves of the wave to ground their actions.
        #expect(
            sink.backtracksInWaves.contains { wave in
                let last = wave.leaves[wave.leaves.count - 1]
                return wave.backtracks.contains { ![last, runner.tree[last].parent].contains($0.to) }
            })
        #expect(sink.backtracksInWaves.allSatisfy { $0.backtracks.allSatisfy { $0.instance == nil } })
    }

    @Test func aFailedInstanceIsClosedAndReplacedAndItsSimulationGoesOn() async throws {
        let (runner, sink, trace) = try pooledEpisode(simulations: 4)
        trace.failing = (instance: 2, step: 2)
        await runner.run()
        #expect(trace.failures == 1)
        let errors = sink.events.compactMap { if case .error(let e) = $0 { e } else { nil } }
        let failure = try #require(errors.first { $0.source == .environment })
        let node = try #require(failure.node)
        #expect(
            failure.message
                == "environment instance 2 failed on the way to node \(node.rawValue) (the child of instance 2 died); "
                + "it was closed and a new instance takes its place")
        #expect(trace.closed.first == 2, "the failed instance is closed at once")
        #expect(sink.ended?.reason != .error)
        #expect(sink.ended?.environments?.replaced == 1)
        #expect(sink.ended?.environments?.instances == trace.made)
        // The simulation went on: its leaf was observed by the new instance, valued and backed up.
        #expect(runner.tree[node].observed)
        let backedUp = sink.events.compactMap { if case .backedUp(let b) = $0 { b } else { nil } }
        #expect(backedUp.contains { $0.path.last == node })
        #expect(runner.virtualLoss.isEmpty)
        try expectFoldMatches(runner, sink)
        #expect(trace.closed.sorted() == Array(2...trace.made))
    }

    @Test func anInstanceThatCannotBeReplacedEndsTheEpisodeAndGivesEveryInstanceBack() async throws {
        let (runner, sink, trace) = try pooledEpisode(simulations: 4)
        trace.failing = (instance: 2, step: 2)
        trace.newInstancesFailAfterAFailure = true
        await runner.run()
        #expect(trace.failures == 2)
        #expect(sink.ended?.reason == .error)
        #expect(runner.virtualLoss.isEmpty)
        #expect(runner.environments.instances.count == 1 && !runner.environments[0].leased)
        #expect(try fold(sink).inFlight.isEmpty)
        #expect(trace.closed.sorted() == Array(2...trace.made))
    }

    @Test func aSimulationWhoseModelFailsGivesBackItsInstance() async throws {
        // Node 2 is a child of the root that the second wave of the first step evaluates.
        let agent = FailingAgent(inner: OfflineAgent(seed: 7), failValueAt: [2])
        let (runner, sink, _) = try pooledEpisode(simulations: 4, agent: agent)
        func failed() -> Bool { sink.events.contains { if case .error(let e) = $0 { e.node == 2 } else { false } } }
        while !failed() && runner.pending != .finished { await runner.advance() }
        #expect(failed())
        #expect(runner.environments.instances.count > 1, "the pool is still open")
        #expect(runner.environments.instances.allSatisfy { !$0.leased })
        #expect(runner.virtualLoss.isEmpty)
        await runner.run()
        #expect(sink.ended?.reason != .error)
        try expectFoldMatches(runner, sink)
    }

    @Test func cancellingMidWaveClosesEveryInstanceThePoolMade() async throws {
        let (waiting, heard) = AsyncStream.makeStream(of: NodeID.self)
        let agent = FailingAgent(inner: OfflineAgent(seed: 7), holdValueAt: [3], waiting: heard)
        let task = Task {
            let (runner, sink, trace) = try pooledEpisode(simulations: 4, agent: agent)
            let ended = await runner.run()
            return (
                ended, runner.virtualLoss.isEmpty, runner.environments.instances.count, trace.made, trace.closed, sink
            )
        }
        var waits = waiting.makeAsyncIterator()
        #expect(await waits.next() == 3)
        task.cancel()
        let (ended, released, open, made, closed, sink) = try await task.value
        #expect(ended.reason == .interrupted)
        #expect(released)
        #expect(open == 1)
        #expect(made > 1)
        #expect(closed.sorted() == Array(2...made))
        #expect(try fold(sink).inFlight.isEmpty)
    }
}
