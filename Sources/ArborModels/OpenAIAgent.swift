import ArborCore
import Foundation

/// Plays every R-MCTS role by asking a model behind an OpenAI-compatible endpoint, with the prompts of
/// ``RolePrompts`` (the shipped templates, or a run's `--prompts`). Its answers are parsed forgivingly (``ActionParser``, ``JudgementParsers``); a sample that
/// cannot be read is kept as text (policy, judge) or dropped (value), never fatal. Every HTTP call becomes one
/// ``ModelCallRecord`` with the exact prompt and completion as blobs.
///
/// A call that fails for good throws ``ModelClientError`` (or `CancellationError`); the engine marks the node.
public struct OpenAIAgent: Agent {
    public let client: OpenAIClient
    public var model: String { client.configuration.model }
    /// Embeddings rank the lessons retrieved when an embeddings model is configured (`[model.roles] embedding`,
    /// `--embedding-model`); else the engine's BM25 does.
    public let lessonRanker: (any LessonRanker)?
    public let prompts: RolePrompts

    /// Debaters argue at a low temperature, as ExACT's (0.1): each should make its side's best case, not a random one.
    public static let debaterTemperature = 0.1
    /// The judge samples with nucleus 0.95, as ExACT's, unless the configuration sets `top_p`.
    public static let judgeTopP = 0.95

    public init(client: OpenAIClient, prompts: RolePrompts = RolePrompts()) {
        self.client = client
        self.prompts = prompts
        lessonRanker = client.configuration.roleModels[.embedding] == nil ? nil : EmbeddingRanker(client: client)
    }

    /// A client and agent from a configuration, sharing `cache` (nil for none) under `cacheMode`.
    public init(
        configuration: ModelConfiguration, cache: (any ResponseCache)? = nil, cacheMode: CacheMode = .readWrite,
        prompts: RolePrompts = RolePrompts()
    ) throws(CurlEngineError) {
        self.init(
            client: try OpenAIClient(configuration: configuration, cache: cache, cacheMode: cacheMode), prompts: prompts
        )
    }

    // MARK: - Roles

    public func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws
        -> AgentReply<[PolicySample]>
    {
        let prompt = prompts.policy(context)
        let (texts, reply) = try await ask(
            prompt, role: .policy, context: context, samples: samples, temperature: temperature)
        let parser = ActionParser()
        let proposals = texts.map { text in
            PolicySample(raw: text, action: parser.parse(text).action, rationale: Self.rationale(text))
        }
        return AgentReply(proposals, calls: reply.calls, blobs: reply.blobs)
    }

    /// One call at temperature 0, as ExACT writes its rubric; the answer is the rubric, trimmed.
    public func writeRubric(_ context: AgentContext) async throws -> AgentReply<String> {
        let (texts, reply) = try await ask(
            prompts.rubric(context), role: .value, context: context, samples: 1, temperature: 0)
        let rubric = texts.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return AgentReply(rubric, calls: reply.calls, blobs: reply.blobs)
    }

    public func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
        let (texts, reply) = try await ask(
            prompts.value(context), role: .value, context: context, samples: samples,
            temperature: client.configuration.judgeTemperature)
        // A judgement without a readable status carries no information; the engine records when none is left.
        let judgements = texts.compactMap { text in
            JudgementParsers.status(text).map { ValueJudgement(status: $0, text: text) }
        }
        return AgentReply(judgements, calls: reply.calls, blobs: reply.blobs)
    }

    public func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> {
        let (texts, reply) = try await ask(
            prompts.argument(context, side: side), role: side == .supporter ? .supporter : .opponent,
            context: context, samples: 1, temperature: Self.debaterTemperature)
        let argument = texts.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return AgentReply(argument, calls: reply.calls, blobs: reply.blobs)
    }

    public func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    {
        let (texts, reply) = try await ask(
            prompts.judge(context, first: first, second: second, supporterFirst: supporterFirst), role: .judge,
            context: context, samples: samples, temperature: client.configuration.judgeTemperature,
            topP: client.configuration.topP ?? Self.judgeTopP)
        let verdicts = texts.map { JudgeSample(vote: JudgementParsers.vote($0), text: $0) }
        return AgentReply(verdicts, calls: reply.calls, blobs: reply.blobs)
    }

    /// A policy lesson takes two calls, as the paper's contrastive reflection: what the model expects the action to
    /// do, then, shown what happened, the lesson. A value lesson takes one, as ExACT's: shown the stored evaluation
    /// and what came of it, advice for the judge.
    public func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
        if request.kind == .value {
            let (answers, reply) = try await ask(
                prompts.valueReflection(request), role: .reflector, context: nil, samples: 1, temperature: 0)
            let draft = ReflectionDraft(
                expected: "", lesson: Self.labelled("lesson", in: answers.first ?? ""), hint: ReflectionHint())
            return AgentReply(draft, calls: reply.calls, blobs: reply.blobs)
        }
        let (expectations, first) = try await ask(
            prompts.expectation(request), role: .reflector, context: nil, samples: 1, temperature: 0)
        let expected = Self.labelled("expected", in: expectations.first ?? "")
        let (lessons, second) = try await ask(
            prompts.lesson(request, expected: expected), role: .reflector, context: nil, samples: 1,
            temperature: 0)
        let lesson = Self.labelled("lesson", in: lessons.first ?? "")
        let draft = ReflectionDraft(expected: expected, lesson: lesson, hint: ReflectionHint())
        return AgentReply(draft, calls: first.calls + second.calls, blobs: first.blobs + second.blobs)
    }

    // MARK: - Calls

    /// Sends `prompt` as one user message for `samples` completions, at most `samplesPerRequest` a request. A server
    /// that returns fewer than asked (some ignore `n`) is asked again for the rest, a bounded number of times.
    private func ask(
        _ prompt: String, role: ModelRole, context: AgentContext?, samples: Int, temperature: Double,
        topP: Double? = nil
    ) async throws -> ([String], AgentReply<Void>) {
        let configuration = client.configuration
        var texts: [String] = []
        var calls: [ModelCallRecord] = []
        var blobs: [Blob] = []
        let promptBlob = Blob(prompt)
        blobs.append(promptBlob)
        let wanted = max(1, samples)
        var round = 0
        while texts.count < wanted, round < wanted {
            let request = ChatRequest(
                model: configuration.model(for: role), messages: [.user(prompt)],
                n: min(wanted - texts.count, configuration.samplesPerRequest ?? wanted),
                temperature: temperature, topP: topP ?? configuration.topP, maxTokens: configuration.maxTokens,
                seed: configuration.seed.map { $0 &+ (context?.attempt ?? 0) &+ round }, stream: configuration.stream)
            let completion = try await client.complete(request)
            texts += completion.choices.prefix(wanted - texts.count)
            let completionBlob = Blob(Self.transcript(completion.choices))
            blobs.append(completionBlob)
            calls.append(
                ModelCallRecord(
                    episode: context?.episode, node: context?.node, role: role, model: request.model,
                    tokensIn: completion.usage.prompt, tokensOut: completion.usage.completion,
                    latencyMs: Double(completion.latency.milliseconds), cached: completion.cached,
                    costUSD: completion.costUSD, prompt: promptBlob.ref, completion: completionBlob.ref))
            round += 1
            if completion.choices.isEmpty { break }
        }
        return (texts, AgentReply((), calls: calls, blobs: blobs))
    }

    /// Several samples of one call as one text a person can read; one sample as itself.
    private static func transcript(_ samples: [String]) -> String {
        if samples.count == 1 { return samples[0] }
        return samples.enumerated().map { "--- sample \($0 + 1) ---\n\($1)" }.joined(separator: "\n")
    }

    /// The reasoning before the action line, short.
    private static func rationale(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let reasoning =
            trimmed.range(of: "In summary", options: .caseInsensitive).map { trimmed[..<$0.lowerBound] }
            ?? trimmed[...]
        return String(reasoning.trimmingCharacters(in: .whitespacesAndNewlines).prefix(400))
    }

    /// The text after the last `Label:` line (case-insensitive), or the whole answer, trimmed and short.
    static func labelled(_ label: String, in text: String) -> String {
        var found: Substring?
        for line in text.split(whereSeparator: \.isNewline) {
            let stripped = line.drop { $0 == "*" || $0 == " " || $0 == "#" || $0 == "-" }
            guard stripped.lowercased().hasPrefix(label) else { continue }
            let rest = stripped.dropFirst(label.count).drop { $0 == ":" || $0 == "*" || $0 == " " }
            if !rest.isEmpty { found = rest }
        }
        let answer = (found.map(String.init) ?? text).trimmingCharacters(in: .whitespacesAndNewlines)
        return String(answer.prefix(300))
    }
}
