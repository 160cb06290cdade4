import ArborCore
import ArborEnvironments
import ArborModels
import ArborSearch
import Foundation
import Testing

/// Whether python3 can import gymnasium.
let gymnasiumInstalled = pythonCanImport("gymnasium")

/// The engine searches gymnasium's FrozenLake, served by the Python adapter over the protocol, to a success: an agent
/// that reads the board (how far the goal is) and the environment's own reward at terminals, as a game shows it.
@Suite(.enabled(if: gymnasiumInstalled, "gymnasium is not installed (make test installs it)"))
struct GymSearchTests {

    @Test func mctsReachesTheGoalOfFrozenLake() async throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../adapters/python/examples/frozen_lake.py").standardized.path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-gym-\(UUID().uuidString).log")
        let factory = try ExternalEnvironmentFactory(spec: "exec:python3 \(example)", logFile: log.path)
        let task = try #require(try await factory.tasks(.train).first { $0.id == "lake/4x4" })
        var config = SearchConfig(method: .mcts)
        config.terminalVerdict = .environment
        config.iterationsPerStep = 40
        config.maxSteps = 10
        config.samples = 4
        config.branching = 4
        config.valueSamples = 1
        // ExACT's web limits are for pages, not boards: moves repeat by nature on a lake (into a wall, down a column),
        // and with them on this small search walks into a hole. The game's reward is what the agent sees, so the
        // search reads the check at terminals instead.
        config.searchHorizon = false
        config.repeatLimit = 0
        let sink = MemorySink()
        sink.append(.runStarted(RunStarted(environment: "frozen-lake", model: "board-reader", method: "mcts", seed: 0)))
        let driver = RunDriver(
            config: config, agent: BoardReader(), sink: sink, environment: { task in try await factory.make(for: task) }
        )
        let ended = try #require(await driver.run([task]).first)
        let actions = sink.events.compactMap { event -> String? in
            if case .actionCommitted(let e) = event { return e.action }
            return nil
        }
        #expect(ended.success, "the search walks to the goal: \(ended), \(actions)")
        #expect(ended.steps >= 6)
        // The log is the truth here too.
        let tree = try #require(try RunState(sink.records).episodes[0])
        #expect(tree.committedPath.count == ended.steps + 1)
        #expect(tree[tree.committedNode].success == true)
    }
}

/// Proposes every direction, and values a board by how close the walker stands to the goal (bottom right): a sharp
/// falloff, because moving into an edge leaves the board as it was and a flat value cannot tell that from progress.
struct BoardReader: Agent {
    var model: String { "board-reader" }

    func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws -> AgentReply<[PolicySample]>
    {
        let moves = ["down", "right", "up", "left"]
        return AgentReply((0..<samples).map { PolicySample(raw: moves[$0 % 4], action: moves[$0 % 4], rationale: "") })
    }

    func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
        let words = context.observation.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        // "You are at row R, column C" is the only line with numbers.
        let (row, column) = words.count >= 2 ? (words[words.count - 2], words[words.count - 1]) : (1, 1)
        let distance = Double((4 - row) + (4 - column))
        let value = context.observation.contains("on a hole") ? 0 : 1 / (1 + distance * distance)
        return AgentReply([ValueJudgement(value: value, text: "distance \((4 - row) + (4 - column))")])
    }

    func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> { AgentReply("") }

    func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    { AgentReply([]) }

    func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
        AgentReply(ReflectionDraft(expected: "", lesson: "", hint: ReflectionHint()))
    }
}
