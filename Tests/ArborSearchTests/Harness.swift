import ArborCore
import ArborEnvironments
import ArborModels
import Synchronization
import Testing

@testable import ArborSearch

/// A clock that moves `tick` seconds each time it is read, so durations and wall-clock budgets are exact.
final class TickingClock: SearchClock {
    private let now = Mutex(0.0)
    let tick: Double
    init(tick: Double = 0) { self.tick = tick }
    func seconds() -> Double {
        now.withLock { now in
            let current = now
            now += tick
            return current
        }
    }
}

/// A sink already opened as a run's sink (its first event is `runStarted`), as the store hands one to the engine.
func runSink(_ config: SearchConfig = SearchConfig()) -> MemorySink {
    let sink = MemorySink()
    sink.append(
        .runStarted(
            RunStarted(
                environment: "numberline", model: "scripted", method: config.method.rawValue, seed: 7,
                config: config.flattened)))
    return sink
}

/// A small, quick configuration: few samples and iterations. The number line's reward is part of what an agent
/// sees (like a puzzle's), so the search may read its check at terminals.
func smallConfig(_ method: SearchMethod = .mcts, iterations: Int = 4, maxSteps: Int = 5) -> SearchConfig {
    var config = SearchConfig(method: method)
    config.terminalVerdict = .environment
    config.iterationsPerStep = iterations
    config.maxSteps = maxSteps
    config.samples = 7
    config.branching = 3
    config.valueSamples = 2
    config.judgeSamplesPerOrder = 2
    return config
}

func makeRunner(
    _ config: SearchConfig, sink: MemorySink, environment: NumberLine = NumberLine(),
    agent: ScriptedAgent = ScriptedAgent(), memory: ReflectionMemory = ReflectionMemory(), episode: Int = 0,
    task: TaskSpec? = nil, clock: any SearchClock = TickingClock()
) -> EpisodeRunner {
    EpisodeRunner(
        episode: episode, task: task ?? NumberLine.task(environment.goal), environment: environment, agent: agent,
        config: config, sink: sink, memory: memory, clock: clock)
}

/// The fold of the sink's log for one episode.
func fold(_ sink: MemorySink, episode: Int = 0) throws -> EpisodeTree {
    let state = try RunState(sink.records)
    return try #require(state.episodes[episode])
}

/// The log is the truth: the fold of the recorded events reproduces the engine's tree exactly.
func expectFoldMatches(_ runner: EpisodeRunner, _ sink: MemorySink, sourceLocation: SourceLocation = #_sourceLocation)
    throws
{
    let folded = try fold(sink, episode: runner.episode)
    let tree = runner.tree
    #expect(folded.nodes.count == tree.count, sourceLocation: sourceLocation)
    #expect(folded.committedPath == tree.committedPath, sourceLocation: sourceLocation)
    for (node, mine) in zip(folded.nodes, tree.nodes) {
        #expect(node.id == mine.id, sourceLocation: sourceLocation)
        #expect(node.parent == mine.parent, sourceLocation: sourceLocation)
        #expect(node.depth == mine.depth, sourceLocation: sourceLocation)
        #expect(node.children == mine.children, sourceLocation: sourceLocation)
        #expect(node.action == mine.action, sourceLocation: sourceLocation)
        #expect(node.prior == mine.prior, sourceLocation: sourceLocation)
        #expect(node.sampleCount == mine.sampleCount, sourceLocation: sourceLocation)
        #expect(node.rationale == mine.rationale, sourceLocation: sourceLocation)
        #expect(node.label == mine.label, sourceLocation: sourceLocation)
        #expect(node.stats == mine.stats, "N and Q of \(node.id)", sourceLocation: sourceLocation)
        #expect(node.value == mine.value, sourceLocation: sourceLocation)
        #expect(node.evaluationMethod == mine.evaluationMethod, sourceLocation: sourceLocation)
        #expect(node.observation == mine.observation, sourceLocation: sourceLocation)
        #expect(node.reward == mine.reward, sourceLocation: sourceLocation)
        #expect(node.terminal == mine.terminal, sourceLocation: sourceLocation)
        #expect(node.success == mine.success, sourceLocation: sourceLocation)
        #expect(node.excluded == mine.excluded, sourceLocation: sourceLocation)
        #expect(node.debated == mine.debated, sourceLocation: sourceLocation)
    }
}

extension MemorySink {
    /// The events of one kind, in order.
    func events(_ kind: EventKind) -> [Event] { events.filter { $0.kind == kind } }

    var commits: [ActionCommitted] {
        events.compactMap { if case .actionCommitted(let e) = $0 { e } else { nil } }
    }
    var interventions: [Intervention] {
        events.compactMap { if case .intervention(let e) = $0 { e } else { nil } }
    }
    var ended: EpisodeEnded? {
        events.compactMap { if case .episodeEnded(let e) = $0 { e } else { nil } }.last
    }
}
