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
        // MiniWeb's actions are read by its web grammar; any other environment's are the line the prompt asks for,
        // which the environment then accepts or refuses.
        let parse: (String) -> ActionParse
        switch context.actionSyntax {
        case .web: parse = ActionParser().parse
        case .environment(let verbs, _): parse = ActionLine(verbs: verbs).parse
        }
        let proposals = texts.map { text in
            let parsed = parse(text)
            return PolicySample(
                raw: text, action: parsed.action, rationale: Self.rationale(text), problem: parsed.reason)
        }
        return AgentReply(proposals, calls: reply.calls, blobs: reply.blobs, notices: reply.notices)
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
        return AgentReply(judgements, calls: reply.calls, blobs: reply.blobs, notices: reply.notices)
    }

    public func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> {
        let (texts, reply) = try await ask(
            prompts.argument(context, side: side), role: side == .supporter ? .supporter : .opponent,
            context: context, samples: 1, temperature: Self.debaterTemperature)
        let argument = texts.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return AgentReply(argument, calls: reply.calls, blobs: reply.blobs, notices: reply.notices)
    }

    public func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    {
        let (texts, reply) = try await ask(
            prompts.judge(context, first: first, second: second, supporterFirst: supporterFirst), role: .judge,
            context: context, samples: samples, temperature: client.configuration.judgeTemperature,
            topP: client.configuration.topP ?? Self.judgeTopP)
        let verdicts = texts.map { JudgeSample(vote: JudgementParsers.vote($0), text: $0) }
        return AgentReply(verdicts, calls: reply.calls, blobs: reply.blobs, notices: reply.notices)
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
        return AgentReply(
            draft, calls: first.calls + second.calls, blobs: first.blobs + second.blobs,
            notices: first.notices + second.notices)
    }

    // MARK: - Calls

    /// Sends `prompt` as one user message for `samples` completions, at most `samplesPerRequest` a request (or the
    /// cap the server stated, once it has refused more). The requests of one ask go out together (the endpoint's
    /// concurrency limit, `concurrency`, bounds how many are in flight) and are read back in the order they were
    /// planned, not the order they were answered, so the samples, calls and notices do not depend on the server's
    /// timing. A server that returns fewer than asked (some ignore `n`) is asked again for the rest; one that
    /// refuses `n` over its cap is asked again at its cap.
    ///
    /// Every request of a chunked ask is a distinct draw: its own sample set in the cache key and, when a seed is
    /// configured, its own seed; a draw that comes back identical to an earlier one is reported in a notice.
    private func ask(
        _ prompt: String, role: ModelRole, context: AgentContext?, samples: Int, temperature: Double,
        topP: Double? = nil
    ) async throws -> ([String], AgentReply<Void>) {
        let configuration = client.configuration
        var texts: [String] = []
        var calls: [ModelCallRecord] = []
        var blobs: [Blob] = []
        var notices: [AgentNotice] = []
        var draws: [[String]] = []
        let promptBlob = Blob(prompt)
        blobs.append(promptBlob)
        // A model that sees images gets the observation's screenshots with the prompt; a text-only one, the text.
        let shown = configuration.visionRoles.contains(role) ? (context?.images ?? []) : []
        let parts = shown.compactMap { ChatMessage.ImagePart($0, detail: configuration.imageDetail) }
        let sent = shown.compactMap { blob in
            blob.image.map { SentImage(image: blob.ref, size: $0.bytes.count, detail: configuration.imageDetail) }
        }
        let wanted = max(1, samples)
        var perRequest = min(configuration.samplesPerRequest ?? wanted, client.sampleCap ?? wanted)
        // The draws answered so far. A refused request's draw is asked again; an answered one never is. Each
        // answered draw brought at least one sample (an empty answer ends the ask), so the draws stay below
        // `wanted`, and `attempt * wanted + draw` is distinct for every (attempt, draw).
        var answered: Set<Int> = []
        var exhausted = false
        while texts.count < wanted, !exhausted {
            var sizes: [Int] = []
            var missing = wanted - texts.count
            while missing > 0 {
                sizes.append(min(missing, perRequest))
                missing -= sizes[sizes.count - 1]
            }
            let free = (0..<wanted).filter { !answered.contains($0) }
            let requests = zip(sizes, free).map { n, draw in
                var request = ChatRequest(
                    model: configuration.model(for: role), messages: [.user(prompt, images: parts)], n: n,
                    temperature: temperature,
                    topP: topP ?? configuration.topP, maxTokens: configuration.maxTokens,
                    seed: configuration.seed.map { $0 &+ ((context?.attempt ?? 0) &* wanted &+ draw) },
                    stream: configuration.stream)
                request.sampleSet = (context?.attempt ?? 0) &* wanted &+ draw
                return (draw: draw, request: request)
            }
            let outcomes = await send(requests.map(\.request), as: role)
            var failure: (any Error)?
            for ((draw, request), outcome) in zip(requests, outcomes) {
                // A call that failed for good (or was cancelled) is one record per attempt, each with the error;
                // the calls made before it stay recorded too.
                func failed(_ error: String, attempts: Int, latency: Duration = .zero) -> [ModelCallRecord] {
                    (0..<attempts).map { index in
                        ModelCallRecord(
                            episode: context?.episode, node: context?.node, role: role, model: request.model,
                            tokensIn: 0, tokensOut: 0,
                            latencyMs: index == attempts - 1 ? Double(latency.milliseconds) : 0, cached: false,
                            costUSD: nil, error: error, prompt: promptBlob.ref, completion: nil,
                            images: sent.isEmpty ? nil : sent)
                    }
                }
                switch outcome {
                case .refused(let error, let cancelled, let latency):
                    calls += failed(
                        cancelled ? "cancelled" : "\(error)", attempts: max(1, Self.attempts(error)), latency: latency)
                    // A server that caps n refuses the larger request: ask again at its size, and say so once.
                    if !cancelled, let clientError = error as? ModelClientError,
                        let cap = SampleCap.stated(in: clientError, asked: request.n)
                    {
                        perRequest = min(perRequest, cap)
                        if client.learn(sampleCap: cap) {
                            notices.append(
                                AgentNotice(
                                    source: .limit,
                                    message:
                                        "n capped at \(cap) by the server; it refused \(request.n) samples in one "
                                        + "request (\(clientError)), so every request now asks for at most \(cap). "
                                        + "--samples-per-request \(cap) skips the refused request."))
                        }
                        continue
                    }
                    if failure == nil { failure = error }
                case .answered(let completion):
                    // Attempts that failed and were retried before this answer.
                    calls += failed(
                        "failed and was retried (attempt \(completion.attempts) answered)",
                        attempts: max(0, completion.attempts - 1))
                    // One sample repeating itself is a confident model; several repeating in the same order are a
                    // replay.
                    if completion.choices.count > 1, let earlier = draws.firstIndex(of: completion.choices) {
                        notices.append(
                            AgentNotice(
                                source: .model,
                                message:
                                    "request \(draws.count + 1) of this \(role.rawValue) ask returned the same "
                                    + "\(completion.choices.count) samples as request \(earlier + 1); the server may "
                                    + "ignore the seed or temperature, and the copies count twice"))
                    }
                    draws.append(completion.choices)
                    answered.insert(draw)
                    texts += completion.choices.prefix(wanted - texts.count)
                    let completionBlob = Blob(Self.transcript(completion.choices))
                    blobs.append(completionBlob)
                    calls.append(
                        ModelCallRecord(
                            episode: context?.episode, node: context?.node, role: role, model: request.model,
                            tokensIn: completion.usage.prompt, tokensOut: completion.usage.completion,
                            latencyMs: Double(completion.latency.milliseconds), cached: completion.cached,
                            costUSD: completion.costUSD, prompt: promptBlob.ref, completion: completionBlob.ref,
                            images: sent.isEmpty ? nil : sent))
                    if completion.choices.isEmpty { exhausted = true }
                }
            }
            if let failure { throw AgentCallFailure(failure, calls: calls, blobs: blobs) }
        }
        return (texts, AgentReply((), calls: calls, blobs: blobs, notices: notices))
    }

    /// What became of one request of an ask.
    private enum Outcome: Sendable {
        case answered(ChatCompletion)
        /// Failed for good (or was cancelled), after `latency`.
        case refused(any Error, cancelled: Bool, latency: Duration)
    }

    /// Sends `requests` for `role` at once (within the endpoint's and the role's limits) and returns their outcomes
    /// in the order given.
    private func send(_ requests: [ChatRequest], as role: ModelRole) async -> [Outcome] {
        let client = client
        return await withTaskGroup(of: (Int, Outcome).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask {
                    let started = ContinuousClock.now
                    do {
                        return (index, .answered(try await client.complete(request, as: role)))
                    } catch {
                        let cancelled = error is CancellationError || Task.isCancelled
                        return (index, .refused(error, cancelled: cancelled, latency: ContinuousClock.now - started))
                    }
                }
            }
            var outcomes: [(Int, Outcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// How many requests a failed call sent.
    private static func attempts(_ error: any Error) -> Int {
        switch error as? ModelClientError {
        case .unreachable(_, _, let attempts), .timedOut(_, _, _, let attempts), .status(_, _, _, let attempts):
            attempts
        default: 1
        }
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
