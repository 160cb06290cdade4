import ArborCore
import ArborModels
import Synchronization
import Testing

@testable import ArborSearch

/// An agent that fails on chosen calls, as a model endpoint does when its retries run out: the nth value or proposal
/// call, every value call at chosen nodes, or every debate's supporter. Value calls at `holdValueAt` wait (a slow model, while a person presses
/// Ctrl-C or pause): `waiting` hears when one starts, and it goes on when `release` is yielded to.
final class FailingAgent: Agent {
    let inner: any Agent
    let valueFailures: Set<Int>
    let proposalFailures: Set<Int>
    let failValueAt: Set<NodeID>
    let holdValueAt: Set<NodeID>
    /// Every debate's supporter fails and its opponent is left to be cancelled.
    let failingDebate: Bool
    let waiting: AsyncStream<NodeID>.Continuation
    let (released, release) = AsyncStream.makeStream(of: Void.self)
    let calls = Mutex((values: 0, proposals: 0))

    init(
        inner: any Agent = ScriptedAgent(), valueFailures: Set<Int> = [], proposalFailures: Set<Int> = [],
        failValueAt: Set<NodeID> = [], holdValueAt: Set<NodeID> = [], failingDebate: Bool = false,
        waiting: AsyncStream<NodeID>.Continuation = AsyncStream.makeStream(of: NodeID.self).continuation
    ) {
        self.inner = inner
        self.valueFailures = valueFailures
        self.proposalFailures = proposalFailures
        self.failValueAt = failValueAt
        self.holdValueAt = holdValueAt
        self.failingDebate = failingDebate
        self.waiting = waiting
    }

    struct Down: Error, CustomStringConvertible {
        var description: String { "the endpoint is down (503 after 3 retries)" }
    }

    var model: String { "failing" }

    func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws -> AgentReply<[PolicySample]>
    {
        let n = calls.withLock { c -> Int in
            c.proposals += 1
            return c.proposals
        }
        if proposalFailures.contains(n) { throw Down() }
        return try await inner.propose(context, samples: samples, temperature: temperature)
    }

    func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
        let n = calls.withLock { c -> Int in
            c.values += 1
            return c.values
        }
        if valueFailures.contains(n) || failValueAt.contains(context.node) { throw Down() }
        if holdValueAt.contains(context.node) {
            waiting.yield(context.node)
            for await _ in released { break }
            try Task.checkCancellation()
        }
        return try await inner.estimateValue(context, samples: samples)
    }

    func writeRubric(_ context: AgentContext) async throws -> AgentReply<String> {
        try await inner.writeRubric(context)
    }

    func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> {
        guard failingDebate else { return try await inner.argue(context, side: side) }
        // The supporter fails (its one attempt recorded with the error, as the client's agent does) while the
        // opponent is still arguing: the opponent waits until it is cancelled, and fails with its cancelled attempt.
        func attempt(_ error: String) -> ModelCallRecord {
            ModelCallRecord(
                episode: context.episode, node: context.node, role: side == .supporter ? .supporter : .opponent,
                model: model, tokensIn: 0, tokensOut: 0, latencyMs: 0, error: error)
        }
        if side == .supporter { throw AgentCallFailure(Down(), calls: [attempt("the endpoint is down")], blobs: []) }
        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        throw AgentCallFailure(CancellationError(), calls: [attempt("cancelled")], blobs: [])
    }

    func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    {
        try await inner.judge(context, first: first, second: second, supporterFirst: supporterFirst, samples: samples)
    }

    func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
        try await inner.reflect(request)
    }
}

@Test func aModelThatFailsMarksTheNodeAndTheSearchGoesOn() async throws {
    let sink = runSink()
    let agent = FailingAgent(valueFailures: [2, 3], proposalFailures: [2])
    let runner = EpisodeRunner(
        episode: 0, task: NumberLine.task(NumberLine().goal), environment: NumberLine(), agent: agent,
        config: smallConfig(), sink: sink, clock: TickingClock())
    let ended = await runner.run()
    #expect(ended.reason != .error, "the episode is not ended by a failed call")
    let errors = sink.events.compactMap { event -> ErrorRecord? in
        if case .error(let e) = event { return e }
        return nil
    }
    #expect(errors.count == 3)
    #expect(errors.allSatisfy { $0.source == .model && $0.node != nil })
    #expect(errors.filter { $0.message.hasPrefix("the evaluator failed: the endpoint is down") }.count == 2)
    #expect(errors.filter { $0.message.hasPrefix("the policy failed: the endpoint is down") }.count == 1)
    // The search went on after them: more iterations were backed up than there were failures.
    let backups = sink.events.filter { if case .backedUp = $0 { true } else { false } }.count
    #expect(backups > 3)
    try expectFoldMatches(runner, sink)
}

/// One debater failing cancels the other, and both attempts are recorded as model calls with their errors: the
/// failed one and the cancelled one, at the same node.
@Test func aFailedDebaterAndItsCancelledSiblingAreBothRecorded() async throws {
    let sink = runSink()
    let runner = EpisodeRunner(
        episode: 0, task: NumberLine.task(NumberLine().goal), environment: NumberLine(),
        agent: FailingAgent(failingDebate: true),
        config: smallConfig(.rmctsDebate, iterations: 2, maxSteps: 1), sink: sink, clock: TickingClock())
    _ = await runner.run()
    let debaterCalls = sink.events.compactMap { event -> ModelCallRecord? in
        guard case .modelCall(let call) = event, call.role == .supporter || call.role == .opponent else { return nil }
        return call
    }
    let failed = debaterCalls.filter { $0.role == .supporter }
    let cancelled = debaterCalls.filter { $0.role == .opponent }
    #expect(!failed.isEmpty)
    #expect(failed.allSatisfy { $0.error == "the endpoint is down" })
    #expect(cancelled.map(\.error) == failed.map { _ in "cancelled" }, "each debate's cancelled opponent is recorded")
    #expect(cancelled.map(\.node) == failed.map(\.node))
    try expectFoldMatches(runner, sink)
}
