import ArborCore
import ArborModels
import Synchronization

/// An agent whose every answer is a pure function of what it is shown, and which remembers what it was shown.
final class ScriptedAgent: Agent {
    let model = "scripted"
    /// Policy samples for a context; a nil action is an unparseable sample.
    let policy: @Sendable (AgentContext) -> [String?]
    /// Value judgements in [0, 1] for a context.
    let value: @Sendable (AgentContext) -> [Double]
    /// Judge votes for a context (nil: unreadable); the Bool says whether the supporter was read first.
    let votes: @Sendable (AgentContext, Bool) -> [StatusCode?]
    /// Ranks retrieved lessons in place of BM25 when set.
    let lessonRanker: (any LessonRanker)?
    private let seen = Mutex<[(ModelRole, AgentContext)]>([])
    private let reflections = Mutex<[ReflectionRequest]>([])

    init(
        policy: @escaping @Sendable (AgentContext) -> [String?] = ScriptedAgent.walkRight,
        value: @escaping @Sendable (AgentContext) -> [Double] = ScriptedAgent.distance,
        votes: @escaping @Sendable (AgentContext, Bool) -> [StatusCode?] = ScriptedAgent.votesByDistance,
        lessonRanker: (any LessonRanker)? = nil
    ) {
        self.policy = policy
        self.value = value
        self.votes = votes
        self.lessonRanker = lessonRanker
    }

    /// The contexts shown for `role`, in the order asked.
    func contexts(_ role: ModelRole) -> [AgentContext] { seen.withLock { $0.filter { $0.0 == role }.map(\.1) } }
    var reflectionRequests: [ReflectionRequest] { reflections.withLock { $0 } }

    private func call(_ role: ModelRole, _ context: AgentContext, _ completion: String) -> ModelCallRecord {
        seen.withLock { $0.append((role, context)) }
        return ModelCallRecord(
            episode: context.episode, node: context.node, role: role, model: model, tokensIn: 10, tokensOut: 5,
            latencyMs: 0, prompt: Blob("prompt \(role) \(context.node) \(context.attempt)").ref,
            completion: Blob(completion).ref)
    }

    func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws
        -> AgentReply<[PolicySample]>
    {
        let actions = policy(context)
        let replies = actions.map { PolicySample(raw: $0 ?? "???", action: $0, rationale: "because \($0 ?? "?")") }
        let text = actions.map { $0 ?? "???" }.joined(separator: ",")
        return AgentReply(
            replies, calls: [call(.policy, context, text)],
            blobs: [Blob("prompt \(ModelRole.policy) \(context.node) \(context.attempt)"), Blob(text)])
    }

    func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
        let values = value(context)
        return AgentReply(
            values.map { ValueJudgement(value: $0, text: "value \($0)") },
            calls: [call(.value, context, "\(values)")])
    }

    func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> {
        let role: ModelRole = side == .supporter ? .supporter : .opponent
        let text = "\(side.rawValue) argues about \(context.observation)"
        return AgentReply(text, calls: [call(role, context, text)])
    }

    func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    {
        let verdicts = votes(context, supporterFirst).enumerated().map { index, vote in
            JudgeSample(vote: vote, text: "verdict \(index) \(supporterFirst) \(vote?.rawValue ?? "unreadable")")
        }
        return AgentReply(verdicts, calls: [call(.judge, context, "\(verdicts.count) verdicts")])
    }

    func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
        reflections.withLock { $0.append(request) }
        let context = AgentContext(
            episode: 0, node: .root, task: request.task, observation: request.observation, previousActions: [],
            actionGrammar: "")
        return AgentReply(
            ReflectionDraft(
                expected: "expected \(request.expectedValue)", lesson: "after \(request.action) it was worse",
                hint: ReflectionHint(avoid: [request.action])),
            calls: [call(.reflector, context, "lesson")])
    }

    // MARK: - Scripts

    /// The cell number in a NumberLine observation.
    static func cell(_ context: AgentContext) -> Int {
        let words = context.observation.split(separator: " ")
        guard let index = words.firstIndex(of: "cell"), index + 1 < words.count else { return 0 }
        return Int(words[index + 1]) ?? 0
    }

    /// Goal 3: mostly right, sometimes left, stop at 3; two junk samples (one unparseable, one ungroundable).
    static let walkRight: @Sendable (AgentContext) -> [String?] = { context in
        let forward: [String?] = cell(context) >= 3 ? ["stop", "stop", "stop"] : ["right", "right", "right"]
        return forward + ["left", "left", nil, "jump"]
    }

    /// Values nearer the goal 3 higher: 0.2 per cell, up to 0.6; two samples.
    static let distance: @Sendable (AgentContext) -> [Double] = { context in
        let v = Double(min(cell(context), 3)) * 0.2
        return [v, v + 0.1]
    }

    /// Judges like `distance`, one vote unreadable when reading the opponent first.
    static let votesByDistance: @Sendable (AgentContext, Bool) -> [StatusCode?] = { context, supporterFirst in
        let vote: StatusCode = [.e, .d, .c, .b][min(cell(context), 3)]
        return supporterFirst ? [vote, vote] : [vote, nil]
    }
}
