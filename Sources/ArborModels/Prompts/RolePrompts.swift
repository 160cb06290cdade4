import ArborCore

/// The prompt each R-MCTS role is given: its template from a ``PromptSet`` filled in from what the agent is shown.
/// The offline agent records these as what it "was asked"; a remote model's client sends them.
public struct RolePrompts: Sendable, Equatable {
    public let templates: PromptSet

    /// How much of the earlier observations the policy is shown, in tokens of about four characters: the newest
    /// first, each cut to what is left, so a long episode does not crowd out the current observation.
    public static let historyTokenBudget = 1500

    public init(_ templates: PromptSet = .shipped) {
        self.templates = templates
    }

    public func policy(_ context: AgentContext) -> String {
        var values = state(context)
        values["history"] = Self.history(context)
        values["action_grammar"] = context.actionGrammar
        values["lessons"] = Self.lessons(context, .policy)
        return templates[.policy].render(values)
    }

    public func rubric(_ context: AgentContext) -> String {
        templates[.valueRubric].render(["task": context.task])
    }

    public func value(_ context: AgentContext) -> String {
        var values = state(context)
        values["rubric"] = context.rubric
        values["lessons"] = Self.lessons(context, .value)
        return templates[.value].render(values)
    }

    /// A debater's prompt. Debaters are shown no lessons: value lessons advise the judge alone.
    public func argument(_ context: AgentContext, side: DebateSide) -> String {
        templates[side == .supporter ? .supporter : .opponent].render(state(context))
    }

    /// The judge's prompt with the two arguments in the order given, each labelled with its side.
    public func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool) -> String {
        var values = state(context)
        values["first_side"] = supporterFirst ? "SUPPORT" : "OPPOSE"
        values["first"] = first
        values["second_side"] = supporterFirst ? "OPPOSE" : "SUPPORT"
        values["second"] = second
        values["lessons"] = Self.lessons(context, .value)
        return templates[.judge].render(values)
    }

    /// Policy reflection, step one: what the action is expected to do.
    public func expectation(_ request: ReflectionRequest) -> String {
        templates[.policyExpectation].render([
            "task": request.task, "observation": request.observation, "action": request.action,
        ])
    }

    /// Policy reflection, step two: `expected` is the model's own answer to step one (empty when there was none).
    public func lesson(_ request: ReflectionRequest, expected: String) -> String {
        templates[.policyLesson].render([
            "task": request.task, "observation": request.observation, "action": request.action,
            "expected": expected, "expected_value": Self.format(request.expectedValue),
            "next_value": Self.format(request.nextValue), "outcome": Self.outcome(request),
            "next_observation": request.nextObservation,
        ])
    }

    /// The value reflection: the stored evaluation of the state and what came of it, advice for the judge.
    public func valueReflection(_ request: ReflectionRequest) -> String {
        templates[.valueReflection].render([
            "task": request.task, "observation": request.observation, "action": request.action,
            "evaluation": request.evaluation, "expected_value": Self.format(request.expectedValue),
            "next_value": Self.format(request.nextValue), "outcome": Self.outcome(request),
        ])
    }

    /// Task, observation and the actions that led here: what every judgement of a state is shown.
    private func state(_ context: AgentContext) -> [String: String] {
        [
            "task": context.task, "observation": context.observation,
            "previous_actions": context.previousActionsShown.enumerated().map { "\($0 + 1). \($1)" }.joined(
                separator: "\n"),
            "last_action": context.previousActionsShown.last ?? "",
        ]
    }

    private static func lessons(_ context: AgentContext, _ kind: ReflectionKind) -> String {
        context.reflections.filter { $0.kind == kind }.map { "- \($0.lesson)" }.joined(separator: "\n")
    }

    private static func outcome(_ request: ReflectionRequest) -> String {
        request.episodeSucceeded
            ? "By the agent's own estimate the episode succeeded." : "By the agent's own estimate the episode failed."
    }

    /// The earlier observations, oldest first, each followed by the action taken on it, within
    /// ``historyTokenBudget``: the newest are kept whole while they fit, an older one is cut to what is left, and any
    /// older still are left out.
    static func history(_ context: AgentContext) -> String {
        var remaining = historyTokenBudget * 4
        var entries: [String] = []
        for (index, observation) in context.earlierObservations.enumerated().reversed() {
            guard remaining > 0 else { break }
            let action = index < context.previousActionsShown.count ? context.previousActionsShown[index] : ""
            let shown = observation.count <= remaining ? observation : String(observation.prefix(remaining)) + " …"
            remaining -= min(observation.count, remaining)
            entries.append("Observation \(index + 1):\n\(shown)\nAction \(index + 1): \(action)")
        }
        return entries.reversed().joined(separator: "\n\n")
    }

    /// A value as prompts and completions write it: two decimals, always ("0.70", "-0.20").
    public static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
