/// The prompt templates, one a role (or a step of a role): each is the file `prompts/<rawValue>.txt`, with the
/// placeholders it may use and those it must.
public enum PromptKind: String, Sendable, CaseIterable, Codable {
    case policy
    /// The single value's rubric for a task, written once per episode.
    case valueRubric = "value-rubric"
    /// The single value's judgement of a state against the rubric.
    case value
    case supporter
    case opponent
    case judge
    /// Contrastive policy reflection, step one: what the action is expected to do.
    case policyExpectation = "policy-expectation"
    /// Step two: shown what happened, the lesson for the policy.
    case policyLesson = "policy-lesson"
    /// The value reflection: shown the stored evaluation and the outcome, advice for the judge.
    case valueReflection = "value-reflection"

    /// The template's file name.
    public var file: String { rawValue + ".txt" }

    /// Every placeholder the template may use.
    public var placeholders: [String] {
        let state = ["task", "observation", "previous_actions", "last_action"]
        switch self {
        case .policy: return ["task", "observation", "previous_actions", "history", "action_grammar", "lessons"]
        case .valueRubric: return ["task"]
        case .value: return state + ["rubric", "lessons"]
        case .supporter, .opponent: return state
        case .judge: return state + ["first_side", "first", "second_side", "second", "lessons"]
        case .policyExpectation: return ["task", "observation", "action"]
        case .policyLesson:
            return [
                "task", "observation", "action", "expected", "expected_value", "next_value", "outcome",
                "next_observation",
            ]
        case .valueReflection:
            return ["task", "observation", "action", "evaluation", "expected_value", "next_value", "outcome"]
        }
    }

    /// The placeholders without which the role cannot do its job.
    public var required: [String] {
        switch self {
        case .policy: return ["task", "observation", "action_grammar"]
        case .valueRubric: return ["task"]
        case .value: return ["task", "observation", "rubric"]
        case .supporter, .opponent: return ["task", "observation"]
        case .judge: return ["task", "observation", "first", "second"]
        case .policyExpectation: return ["task", "observation", "action"]
        case .policyLesson: return ["task", "observation", "action", "next_observation"]
        case .valueReflection: return ["task", "evaluation", "outcome"]
        }
    }

    /// The kind whose file is `file`, if any.
    public init?(file: String) {
        guard file.hasSuffix(".txt") else { return nil }
        self.init(rawValue: String(file.dropLast(4)))
    }
}
