import ArborCore
import ArborModels
import Foundation

/// The built-in agent that needs no model server: it plays every R-MCTS role by reading the task text, the page,
/// the previous actions and the retrieved reflections (never a success check: it has no environment), with seeded
/// noise derived from (seed, episode, node, attempt, role, sample), so its answers depend on its inputs alone.
///
/// Each call is recorded as one model call whose prompt is what a real model would have been sent
/// (``RolePrompts``) and whose completion is what the agent "said".
public struct OfflineAgent: Agent {
    public let model = "offline"
    public let seed: UInt64
    /// How often a policy sample is an unparseable ramble, as small models produce.
    public let rambleRate: Double
    /// Spread of the noise on value judgements; the debate's several votes average it out.
    public let valueNoise: Double

    /// How strongly the policy's samples follow its preferences: scores are multiplied by this before sampling.
    /// Below 1 the samples spread over more actions (as a model's do), so a search has alternatives to weigh while
    /// the most proposed action, which greedy takes, stays the same.
    public let decisiveness: Double

    /// How often a single value judgement notices a given point against progress. Asked only "how far along is
    /// this?", a judge anchors on what supports progress and overlooks caveats (a near-miss title, an unsorted list);
    /// in the debate the opponent's task is to find them, and a retrieved value lesson says which one to look for.
    public let caveatAttention: Double

    /// The prompts it records as what it was asked.
    public let prompts: RolePrompts

    public init(
        seed: UInt64, rambleRate: Double = 0.04, valueNoise: Double = 0.15, decisiveness: Double = 0.35,
        caveatAttention: Double = 0.5, prompts: RolePrompts = RolePrompts()
    ) {
        self.seed = seed
        self.prompts = prompts
        self.rambleRate = rambleRate
        self.valueNoise = valueNoise
        self.decisiveness = decisiveness
        self.caveatAttention = caveatAttention
    }

    // MARK: - Policy

    public func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws
        -> AgentReply<[PolicySample]>
    {
        let candidates = policyCandidates(context)
        let parser = ActionParser()
        var out: [PolicySample] = []
        for index in 0..<max(0, samples) {
            let noise = noise(context, .policy, index)
            let raw: String
            let rationale: String
            if candidates.isEmpty || noise.child("ramble").uniform < rambleRate {
                rationale = Self.ramble(noise)
                raw = rationale
            } else {
                let pick = Self.sample(candidates, temperature: temperature / decisiveness, noise: noise)
                rationale = "The task: \(context.task) On this page, \(pick.reason) (\(pick.line))."
                raw = rationale + "\n" + Self.phrasing(pick.action, noise: noise.child("phrasing"))
            }
            out.append(PolicySample(raw: raw, action: parser.parse(raw).action, rationale: rationale))
        }
        let completion = Self.transcript(out.map(\.raw))
        return record(out, context, role: .policy, prompt: prompts.policy(context), completion: completion)
    }

    /// The candidates after the retrieved lessons had their say, best first. Exposed to tests so a lesson's
    /// effect can be read directly.
    func policyCandidates(_ context: AgentContext) -> [ActionCandidate] {
        let scored = ActionCandidates(
            task: TaskReading(context.task), page: WebPage(context.observation),
            previousActions: context.previousActions
        ).scored()
        // Only actions the environment's grammar describes: a model reads the grammar in its prompt.
        let grammar = GrammarReading(context.actionGrammar)
        let allowed = scored.filter { grammar.allows($0.action) }
        return ReflectionInfluence.apply(context.reflections, to: allowed, task: context.task).sorted {
            $0.score != $1.score ? $0.score > $1.score : $0.action < $1.action
        }
    }

    /// Gumbel-max: the argmax of score / T plus Gumbel noise is a draw from softmax(score / T). Each candidate's
    /// noise is keyed by its action text, so adding a candidate does not reshuffle the others' noise.
    private static func sample(_ candidates: [ActionCandidate], temperature: Double, noise: SeededNoise)
        -> ActionCandidate
    {
        let t = max(temperature, 1e-3)
        var best = candidates[0]
        var bestKey = -Double.infinity
        for candidate in candidates {
            let key = candidate.score / t + noise.child(candidate.action).gumbel
            if key > bestKey {
                best = candidate
                bestKey = key
            }
        }
        return best
    }

    /// The ways a model ends its answer; most are the prompt's own phrasing.
    private static func phrasing(_ action: String, noise: SeededNoise) -> String {
        let u = noise.uniform
        if u < 0.8 { return "In summary, the next action I will perform is ```\(action)```" }
        if u < 0.9 { return "Action: \(action)" }
        return "So I will do this:\n```\n\(action)\n```"
    }

    private static func ramble(_ noise: SeededNoise) -> String {
        let texts = [
            "The page has several elements. I need to think carefully about which of them relates to the task "
                + "before doing anything, since a wrong click could lose progress.",
            "Let me reconsider the task. It is not obvious yet which element is the right one; the best next "
                + "step is probably to look more closely at the listings.",
            "I am not sure. Perhaps the item is on another page, or perhaps it is one of these. More information "
                + "would help.",
        ]
        return texts[min(texts.count - 1, Int(noise.child("which").uniform * Double(texts.count)))]
    }

    // MARK: - Value

    /// The rubric it "writes": the task's own requirements, one a line, as a model would list them. Its judgements
    /// weigh the page's evidence directly and do not read the rubric back; the rubric is recorded for a person.
    public func writeRubric(_ context: AgentContext) async throws -> AgentReply<String> {
        let reading = TaskReading(context.task)
        var items = ["Does the current page show what the task is about (\(context.task))?"]
        items += (reading.attributes + reading.quoted).prefix(2).map { "Does it match \"\($0)\"?" }
        items.append("Does the last action complete the task (a stop with the answer, or the change submitted)?")
        let rubric = items.enumerated().map { "\($0 + 1). \($1)" }.joined(separator: "\n")
        return record(rubric, context, role: .value, prompt: prompts.rubric(context), completion: rubric)
    }

    public func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
        let evidence = evidence(context)
        let (shift, used) = evidence.shift(from: context.reflections)
        let all = evidence.points
        let named = Set(used.flatMap { evidence.named(by: $0) }.map(\.claim))
        var out: [ValueJudgement] = []
        for index in 0..<max(0, samples) {
            let noise = noise(context, .value, index)
            let points = all.filter { point in
                point.weight >= 0 || named.contains(point.claim)
                    || noise.child("notice \(point.claim)").uniform < caveatAttention
            }
            let base = min(0.98, max(0.02, ProgressEvidence.value(of: points) + shift))
            let value = min(1, max(0, base + valueNoise * noise.normal))
            let status = Self.status(value)
            var text = "Rubric: judged against the \(context.rubric.isEmpty ? "task" : "rubric")\nThoughts: "
            text += points.isEmpty ? "Nothing on the page bears on the task yet." : Self.summary(points)
            if !used.isEmpty { text += " A lesson from a similar state: \(used[0].lesson)" }
            text += "\nSTATUS CODE: \(status.rawValue)"
            out.append(ValueJudgement(status: JudgementParsers.status(text) ?? status, text: text))
        }
        let completion = Self.transcript(out.map(\.text))
        return record(out, context, role: .value, prompt: prompts.value(context), completion: completion)
    }

    /// The status whose value (1, 0.9, 0.5, 0.2, 0) is nearest its estimate of progress, so that the judgements' mean
    /// estimates progress as a model's letters would.
    static func status(_ estimate: Double) -> StatusCode {
        StatusCode.allCases.min { abs($0.singleValue - estimate) < abs($1.singleValue - estimate) } ?? .c
    }

    private func evidence(_ context: AgentContext) -> ProgressEvidence {
        ProgressEvidence(
            task: TaskReading(context.task), page: WebPage(context.observation),
            previousActions: context.previousActions)
    }

    private static func summary(_ points: [EvidencePoint]) -> String {
        points.map { point in
            (point.weight >= 0 ? "+ " : "- ") + point.claim.capitalizedFirst + " (\(point.line))."
        }.joined(separator: " ")
    }

    // MARK: - Debate

    public func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> {
        let role: ModelRole = side == .supporter ? .supporter : .opponent
        let points = evidence(context).points
        // Each debater's task is to find every point on its side, so it argues from all of them, strongest first.
        let mine = points.filter { side == .supporter ? $0.weight > 0 : $0.weight < 0 }
            .sorted { abs($0.weight) > abs($1.weight) }
        var text: String
        if mine.isEmpty {
            text =
                side == .supporter
                ? "The agent is on the site and can still reach the task's item.\n- No evidence against progress is visible."
                : "Nothing on this page shows the task is done.\n- The task's item and the requested result are not shown together."
        } else {
            text =
                side == .supporter
                ? "The agent is on track to complete the task." : "The agent is not on track to complete the task."
            for point in mine.prefix(4) { text += "\n- \(point.claim.capitalizedFirst): \(point.line)" }
        }
        return record(text, context, role: role, prompt: prompts.argument(context, side: side), completion: text)
    }

    public func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    {
        let evidence = evidence(context)
        let (shift, _) = evidence.shift(from: context.reflections)
        // The judge weighs the points the two arguments cite, each checked against the page (a cited line the page
        // does not hold counts for nothing): a point neither debater raised does not sway it.
        let cited = evidence.points.filter { Self.cites(first, $0) || Self.cites(second, $0) }
        // Whichever argument it read first pulls a little more (the order bias LLM judges show), which is why the
        // debate reads both orders; the bias is small beside the evidence.
        let orderBias = supporterFirst ? Self.orderBias : -Self.orderBias
        let base = Self.weigh(cited) + shift + orderBias
        var out: [JudgeSample] = []
        for index in 0..<max(0, samples) {
            let noise = noise(context, .judge, index).child(supporterFirst ? "supporter-first" : "opponent-first")
            let estimate = base + valueNoise * noise.normal
            let letter = Self.letter(estimate)
            let leaning = estimate >= 0.5 ? "supporter" : "opponent"
            let text =
                "Having read both arguments, the \(leaning)'s points weigh more: "
                + (Self.strongest(cited, positive: leaning == "supporter") ?? "the page is inconclusive.")
                + "\nSTATUS CODE: \(letter.rawValue)"
            out.append(JudgeSample(vote: JudgementParsers.vote(text), text: text))
        }
        let completion = Self.transcript(out.map(\.text))
        return record(
            out, context, role: .judge,
            prompt: prompts.judge(context, first: first, second: second, supporterFirst: supporterFirst),
            completion: completion)
    }

    /// The judge's estimate from the cited points: on each side the strongest point counts in full, the next half,
    /// the one after a quarter, so the vote follows the stronger evidence and a string of small objections (or of
    /// small encouragements) does not outweigh one strong point.
    static func weigh(_ points: [EvidencePoint]) -> Double {
        var total = 0.2
        for side in [points.filter { $0.weight > 0 }, points.filter { $0.weight < 0 }] {
            for (rank, point) in side.sorted(by: { abs($0.weight) > abs($1.weight) }).enumerated() {
                total += point.weight / Double(1 << min(rank, 30))
            }
        }
        return min(0.97, max(0.03, total))
    }

    /// How much the argument read first pulls the judge its way.
    static let orderBias = 0.02

    /// The letter the judge's prompt describes for its estimate of progress on [0, 1]: A done (above 0.925, so a
    /// unanimous A, which ends the step's search and commits the whole path, needs near certainty), B one action away
    /// (from 0.8), C on track with more to do (from 0.45), D more to do but off the best course (from 0.2), E no
    /// progress.
    static func letter(_ estimate: Double) -> StatusCode {
        switch estimate {
        case 0.925...: .a
        case 0.8..<0.925: .b
        case 0.45..<0.8: .c
        case 0.2..<0.45: .d
        default: .e
        }
    }

    /// Whether an argument cites `point`: one of its lines gives the point's claim and the page line it rests on.
    private static func cites(_ argument: String, _ point: EvidencePoint) -> Bool {
        argument.contains("- \(point.claim.capitalizedFirst): \(point.line)")
    }

    private static func strongest(_ points: [EvidencePoint], positive: Bool) -> String? {
        let side = points.filter { positive ? $0.weight > 0 : $0.weight < 0 }
        return side.max { abs($0.weight) < abs($1.weight) }.map { "\($0.claim) (\($0.line))." }
    }

    // MARK: - Reflection

    public func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
        let draft = ContrastiveLesson(request: request).draft()
        var completion = "Expected: \(draft.expected)\nLesson: \(draft.lesson)"
        if !draft.hint.prefer.isEmpty { completion += "\nPrefer: \(draft.hint.prefer.joined(separator: ", "))" }
        if !draft.hint.avoid.isEmpty { completion += "\nAvoid: \(draft.hint.avoid.joined(separator: ", "))" }
        let prompt =
            request.kind == .value
            ? prompts.valueReflection(request) : prompts.lesson(request, expected: draft.expected)
        let promptBlob = Blob(prompt)
        let completionBlob = Blob(completion)
        let call = ModelCallRecord(
            episode: nil, node: nil, role: .reflector, model: model, tokensIn: Self.tokens(prompt),
            tokensOut: Self.tokens(completion), latencyMs: 0, prompt: promptBlob.ref, completion: completionBlob.ref)
        return AgentReply(draft, calls: [call], blobs: [promptBlob, completionBlob])
    }

    // MARK: - Records

    private func noise(_ context: AgentContext, _ role: ModelRole, _ sample: Int) -> SeededNoise {
        SeededNoise(
            seed: seed, episode: context.episode, node: context.node, attempt: context.attempt, role: role,
            sample: sample)
    }

    private func record<Value>(
        _ value: Value, _ context: AgentContext, role: ModelRole, prompt: String,
        completion: String
    ) -> AgentReply<Value> {
        let promptBlob = Blob(prompt)
        let completionBlob = Blob(completion)
        let call = ModelCallRecord(
            episode: context.episode, node: context.node, role: role, model: model, tokensIn: Self.tokens(prompt),
            tokensOut: Self.tokens(completion), latencyMs: 0, prompt: promptBlob.ref, completion: completionBlob.ref)
        return AgentReply(value, calls: [call], blobs: [promptBlob, completionBlob])
    }

    /// Several samples of one call, as one completion a person can read.
    private static func transcript(_ samples: [String]) -> String {
        samples.enumerated().map { "--- sample \($0 + 1) ---\n\($1)" }.joined(separator: "\n")
    }

    /// About four characters a token, as for English text with common tokenizers.
    static func tokens(_ text: String) -> Int { (text.count + 3) / 4 }
}
