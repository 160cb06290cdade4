import ArborCore
import ArborModels
import Synchronization

/// A model server stand-in for wall-time benchmarks: every call of the agent is one request that answers as `inner`
/// does, after `latency`, with at most `slots` requests served at once (a server's parallel slots); `clientLimit`
/// caps the requests the client sends at once (1 sends them one after another, as a sequential search does).
///
/// The latency is slept, not computed: the figure a benchmark reads from it is a ratio of wall times, not the time
/// itself.
public final class ServedAgent: Agent {
    let inner: any Agent
    let latency: Duration
    private let server: RequestSlots
    private let client: RequestSlots?
    private let served = Mutex(0)

    public init(_ inner: any Agent, latency: Duration, slots: Int, clientLimit: Int? = nil) {
        self.inner = inner
        self.latency = latency
        server = RequestSlots(slots)
        client = clientLimit.map { RequestSlots($0) }
    }

    public var model: String { inner.model }
    /// Requests served so far.
    public var requests: Int { served.withLock { $0 } }

    /// Waits for a client slot and a server slot, holds them for the latency, then answers.
    private func serve<T>(_ answer: () async throws -> T) async throws -> T {
        await client?.acquire()
        await server.acquire()
        served.withLock { $0 += 1 }
        let slept: Result<Void, any Error>
        do {
            try await Task.sleep(for: latency)
            slept = .success(())
        } catch {
            slept = .failure(error)
        }
        await server.release()
        await client?.release()
        try slept.get()
        return try await answer()
    }

    public func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws
        -> AgentReply<[PolicySample]>
    {
        try await serve { try await inner.propose(context, samples: samples, temperature: temperature) }
    }

    public func writeRubric(_ context: AgentContext) async throws -> AgentReply<String> {
        try await serve { try await inner.writeRubric(context) }
    }

    public func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
        try await serve { try await inner.estimateValue(context, samples: samples) }
    }

    public func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> {
        try await serve { try await inner.argue(context, side: side) }
    }

    public func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    {
        try await serve {
            try await inner.judge(
                context, first: first, second: second, supporterFirst: supporterFirst, samples: samples)
        }
    }

    public func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
        try await serve { try await inner.reflect(request) }
    }
}
