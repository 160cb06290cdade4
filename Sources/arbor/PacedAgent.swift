import ArborCore
import ArborModels

/// An agent that waits a moment before each call, so a search with the instant offline agent advances at a pace a
/// person can follow. The wait is a suspension, never a blocked thread.
struct PacedAgent: Agent {
    let agent: any Agent
    let pause: Duration
    /// A different wait for the calls of one episode (the demo's first, slower, so a first-time viewer can follow it).
    var episodePause: (episode: Int, pause: Duration)?

    var model: String { agent.model }

    private func wait(_ episode: Int? = nil) async {
        let chosen = episodePause.flatMap { $0.episode == episode ? $0.pause : nil } ?? pause
        try? await Task.sleep(for: chosen)
    }

    func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws -> AgentReply<[PolicySample]>
    {
        await wait(context.episode)
        return try await agent.propose(context, samples: samples, temperature: temperature)
    }

    func writeRubric(_ context: AgentContext) async throws -> AgentReply<String> {
        await wait(context.episode)
        return try await agent.writeRubric(context)
    }

    func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
        await wait(context.episode)
        return try await agent.estimateValue(context, samples: samples)
    }

    func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> {
        await wait(context.episode)
        return try await agent.argue(context, side: side)
    }

    func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    {
        await wait(context.episode)
        return try await agent.judge(
            context, first: first, second: second, supporterFirst: supporterFirst, samples: samples)
    }

    func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
        await wait()
        return try await agent.reflect(request)
    }
}
