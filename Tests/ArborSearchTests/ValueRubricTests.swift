import ArborCore
import ArborModels
import Synchronization
import Testing

@testable import ArborSearch

/// The scripted agent, with a rubric step that counts how often it is asked.
final class RubricWritingAgent: Agent {
    let inner = ScriptedAgent()
    let rubrics = Mutex(0)
    var model: String { inner.model }

    func writeRubric(_ context: AgentContext) async throws -> AgentReply<String> {
        rubrics.withLock { $0 += 1 }
        return AgentReply("RUBRIC for \(context.task)")
    }
    func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws
        -> AgentReply<[PolicySample]>
    { try await inner.propose(context, samples: samples, temperature: temperature) }
    func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
        try await inner.estimateValue(context, samples: samples)
    }
    func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> {
        try await inner.argue(context, side: side)
    }
    func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    { try await inner.judge(context, first: first, second: second, supporterFirst: supporterFirst, samples: samples) }
    func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
        try await inner.reflect(request)
    }
}

@Suite struct ValueRubricTests {
    @Test func theRubricIsWrittenOncePerEpisodeAndEveryJudgementSeesItAndTheLastAction() async throws {
        let agent = RubricWritingAgent()
        let config = smallConfig(.mcts, iterations: 6, maxSteps: 2)
        let sink = runSink(config)
        let runner = EpisodeRunner(
            episode: 0, task: NumberLine.task(3), environment: NumberLine(), agent: agent, config: config,
            sink: sink, clock: TickingClock())
        await runner.run()
        let judged = agent.inner.contexts(.value)
        #expect(judged.count > 2)
        #expect(agent.rubrics.withLock { $0 } == 1)
        #expect(judged.allSatisfy { $0.rubric == "RUBRIC for \(runner.task.intent)" })
        // Each judgement is shown the action that led to its state, last in the list, and the states before it.
        for context in judged {
            #expect(context.previousActions == runner.tree.actions(to: context.node))
            #expect(context.earlierObservations.count == context.previousActions.count)
        }
    }
}
