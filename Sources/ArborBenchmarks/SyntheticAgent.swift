import ArborCore
import ArborModels

/// An agent that answers at once: five distinct actions, and a seeded value per node below the success value.
/// For benchmarks only; it records no model calls.
struct SyntheticAgent: Agent {
    let model = "synthetic"
    let seed: UInt64

    func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws
        -> AgentReply<[PolicySample]>
    {
        AgentReply((0..<5).map { PolicySample(raw: "a\($0)", action: "a\($0)", rationale: "") })
    }

    func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
        var random = SplitMix64(seed: seed, stream: UInt64(context.node.rawValue))
        return AgentReply([ValueJudgement(value: random.unit() * 0.9, text: "")])
    }

    func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> { AgentReply("") }

    func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    {
        AgentReply([JudgeSample(vote: .c, text: "")])
    }

    func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
        AgentReply(ReflectionDraft(expected: "", lesson: "", hint: ReflectionHint()))
    }
}
