import ArborCore
import ArborEnvironments
import ArborModels
import Testing

@testable import ArborSearch

/// A number line served the way an external environment is: any text grounds (the grammar is the environment's),
/// actions outside it are refused when taken, and `reset` gives the task in the environment's own words.
final class GatedLine: Environment {
    let line = NumberLine()
    let name = "gated-line"
    let actionGrammar = "left | right | stop"
    static let words = "Reach cell 3 of the line, then stop. (The environment's words.)"
    var instruction: String? { resets > 0 ? Self.words : nil }
    private(set) var resets = 0
    var supportsSnapshot: Bool { true }
    var actionSyntax: ActionSyntax { .environment(verbs: [], patterns: []) }

    func tasks(_ split: TaskSplit) async throws -> [TaskSpec] { [Self.task] }
    static let task = TaskSpec(id: "gated/3", intent: "gated/3 (a placeholder)")

    func reset(_ task: TaskSpec) async throws -> Observation {
        resets += 1
        return try await line.reset(task)
    }
    func step(_ action: String) async throws -> Observation {
        guard line.ground(action) != nil else {
            throw EnvironmentError.invalidAction(action, reason: "there is no \(action) on a number line")
        }
        return try await line.step(action)
    }
    func ground(_ action: String) -> String? { action.isEmpty ? nil : action.lowercased() }
    func outcome() async throws -> Outcome { try await line.outcome() }
    func snapshot() async throws -> EnvironmentSnapshot { try await line.snapshot() }
    func restore(_ snapshot: EnvironmentSnapshot) async throws { try await line.restore(snapshot) }
}

@Suite("A weak model on an environment with its own grammar")
struct WeakModelTests {
    func run(_ config: SearchConfig, _ agent: ScriptedAgent) async throws -> (EpisodeRunner, MemorySink) {
        let sink = runSink(config)
        let runner = EpisodeRunner(
            episode: 0, task: GatedLine.task, environment: GatedLine(), agent: agent, config: config, sink: sink,
            clock: TickingClock())
        await runner.run()
        return (runner, sink)
    }

    func errors(_ sink: MemorySink) -> [ErrorRecord] {
        sink.events.compactMap { if case .error(let e) = $0 { e } else { nil } }
    }

    @Test func theTaskInTheEnvironmentsWordsIsWhatTheAgentReads() async throws {
        let agent = ScriptedAgent()
        let (runner, sink) = try await run(smallConfig(.rmcts), agent)
        #expect(runner.instruction == GatedLine.words)
        let started = sink.events.compactMap { if case .episodeStarted(let e) = $0 { e } else { nil } }
        #expect(started.map(\.task) == [GatedLine.words])
        #expect(started.map(\.taskID) == ["gated/3"])
        #expect(!agent.contexts(.policy).isEmpty)
        #expect(agent.contexts(.policy).allSatisfy { $0.task == GatedLine.words })
        #expect(agent.contexts(.value).allSatisfy { $0.task == GatedLine.words })
        #expect(agent.reflectionRequests.allSatisfy { $0.task == GatedLine.words })
        #expect(agent.contexts(.policy).allSatisfy { $0.actionSyntax == .environment(verbs: [], patterns: []) })
    }

    /// Greedy commits the most proposed action; when the environment refuses it, the next one is committed instead.
    @Test func aRefusedActionIsNeverCommitted() async throws {
        let agent = ScriptedAgent(policy: { context in
            ScriptedAgent.cell(context) >= 3 ? ["stop"] : ["jump", "jump", "jump", "right"]
        })
        let (runner, sink) = try await run(smallConfig(.greedy, maxSteps: 6), agent)
        #expect(sink.commits.map(\.action) == ["right", "right", "right", "stop"])
        #expect(sink.ended?.success == true)
        #expect(
            errors(sink).filter { $0.source == .environment }.map(\.message).first
                == "the environment refused jump: there is no jump on a number line")
        try expectFoldMatches(runner, sink)
    }

    /// Every action refused: the node is expanded again, at most `maxExpansions` times, and the episode ends without
    /// a step rather than committing a refused action.
    @Test func aNodeWhoseActionsAreAllRefusedIsExpandedAgainBoundedly() async throws {
        let agent = ScriptedAgent(policy: { _ in ["jump", "fly"] })
        var config = smallConfig(.mcts, iterations: 6)
        config.maxExpansions = 3
        let (runner, sink) = try await run(config, agent)
        #expect(sink.commits.isEmpty)
        #expect(sink.ended?.reason == .noActions)
        let expansions = sink.events.compactMap { if case .expanded(let e) = $0 { e } else { nil } }
        #expect(expansions.map(\.parent) == [.root, .root, .root])
        #expect(
            errors(sink).filter { $0.source == .engine }.map(\.message) == [
                "expanding node 0 again (expansion 2 of at most 3): its earlier expansions gave no action the "
                    + "environment accepts",
                "expanding node 0 again (expansion 3 of at most 3): its earlier expansions gave no action the "
                    + "environment accepts",
            ])
        try expectFoldMatches(runner, sink)
    }

    /// A first expansion whose samples all fail to parse does not stall the search: the node is asked again.
    @Test func anExpansionWithNoParseableSampleIsAskedAgain() async throws {
        let agent = ScriptedAgent(policy: { context in
            if context.node == .root, context.attempt == 0 { return [nil, nil, nil] }
            return ScriptedAgent.cell(context) >= 3 ? ["stop"] : ["right"]
        })
        let (runner, sink) = try await run(smallConfig(.mcts, iterations: 4, maxSteps: 6), agent)
        let first = try #require(sink.events.compactMap { if case .expanded(let e) = $0 { e } else { nil } }.first)
        #expect(first.children.isEmpty)
        #expect(first.rejected == [RejectedSample(text: "???", reason: "no action could be read", count: 3)])
        #expect(sink.commits.map(\.action) == ["right", "right", "right", "stop"])
        #expect(sink.ended?.success == true)
        try expectFoldMatches(runner, sink)
    }
}
