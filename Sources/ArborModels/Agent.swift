import ArborCore

/// What an agent is shown when asked to act or judge: the task, the page, how it got here, and the lessons
/// retrieved for this state. Never the task's success check.
public struct AgentContext: Sendable, Equatable {
    public var episode: Int
    public var node: NodeID
    public var task: String
    public var observation: String
    /// Actions from the episode's start to this node, oldest first; the last is the one that led here.
    public var previousActions: [String]
    /// The same actions as prompts show them: each with its element's label where the page named one
    /// (`click [10] "Submit"`).
    public var previousActionsShown: [String]
    /// The observations the actions were taken on, oldest first (`previousActions[i]` was taken on
    /// `earlierObservations[i]`); the policy is shown them, trimmed to a budget.
    public var earlierObservations: [String]
    public var actionGrammar: String
    /// How an answer becomes an action: MiniWeb's web grammar, or the environment's own.
    public var actionSyntax: ActionSyntax
    public var reflections: [Reflection]
    /// The single value's rubric for the task, written once per episode (``Agent/writeRubric(_:)``); empty for the
    /// other roles.
    public var rubric: String
    /// Distinguishes repeated asks at the same node (a re-evaluation, a second expansion), so seeded agents
    /// draw fresh noise for each.
    public var attempt: Int
    /// The images shown with ``observation`` (screenshots), as image blobs; sent only to roles that see images.
    public var images: [Blob] = []

    public init(
        episode: Int, node: NodeID, task: String, observation: String, previousActions: [String],
        actionGrammar: String, actionSyntax: ActionSyntax = .web, reflections: [Reflection] = [], attempt: Int = 0,
        earlierObservations: [String] = [], rubric: String = "", previousActionsShown: [String]? = nil
    ) {
        self.episode = episode
        self.node = node
        self.task = task
        self.observation = observation
        self.previousActions = previousActions
        self.previousActionsShown = previousActionsShown ?? previousActions
        self.actionGrammar = actionGrammar
        self.actionSyntax = actionSyntax
        self.reflections = reflections
        self.attempt = attempt
        self.earlierObservations = earlierObservations
        self.rubric = rubric
    }
}

/// An agent's answer together with the model calls it took and the texts those calls refer to.
public struct AgentReply<Value: Sendable>: Sendable {
    public var value: Value
    public var calls: [ModelCallRecord]
    public var blobs: [Blob]
    /// What a person should know about how the answer was got (a server limit adapted to, samples that came back
    /// identical); the engine records each as an `error` event with the notice's source.
    public var notices: [AgentNotice]
    public init(_ value: Value, calls: [ModelCallRecord] = [], blobs: [Blob] = [], notices: [AgentNotice] = []) {
        self.value = value
        self.calls = calls
        self.blobs = blobs
        self.notices = notices
    }
}

/// Something an agent noticed while answering that is not a failure but changes how far its answer can be trusted.
public struct AgentNotice: Sendable, Equatable {
    /// Where it came from, as an ``ArborCore/ErrorRecord/source``: `limit` for a server limit Arbor adapted to,
    /// `model` for the model's answers.
    public var source: ErrorSource
    public var message: String
    public init(source: ErrorSource, message: String) {
        self.source = source
        self.message = message
    }
}

/// An agent call that failed, with the model calls it made on the way — every attempt, failed, retried or
/// cancelled, each with its error — so the engine records them before it handles `underlying`.
public struct AgentCallFailure: Error, Sendable, CustomStringConvertible {
    public var underlying: any Error
    public var calls: [ModelCallRecord]
    public var blobs: [Blob]

    public init(_ underlying: any Error, calls: [ModelCallRecord], blobs: [Blob]) {
        self.underlying = underlying
        self.calls = calls
        self.blobs = blobs
    }

    public var description: String { "\(underlying)" }
}

/// One policy sample: the raw text, the action parsed from it (nil when none could be), and its reasoning.
public struct PolicySample: Sendable, Equatable {
    public var raw: String
    public var action: String?
    public var rationale: String
    /// Why no action could be read, when none could.
    public var problem: String?
    public init(raw: String, action: String?, rationale: String, problem: String? = nil) {
        self.raw = raw
        self.action = action
        self.rationale = rationale
        self.problem = problem
    }
}

/// One sampled value judgement, already mapped to [0, 1], with the text it came from.
public struct ValueJudgement: Sendable, Equatable {
    public var value: Double
    public var text: String
    public init(value: Double, text: String) {
        self.value = value
        self.text = text
    }

    /// A judgement that picked `status`, valued by the single value's table.
    public init(status: StatusCode, text: String) {
        self.init(value: status.singleValue, text: text)
    }
}

public enum DebateSide: String, Sendable, Codable {
    /// Argues the state is on track to complete the task.
    case supporter
    /// Argues it is not.
    case opponent
}

/// The status code a value judgement or a judge's answer ends with, A–E. The letters mean the same to both (A done,
/// B one action away, C on track, D off the best course or unclear, E no progress); ExACT values them differently for
/// each evaluator, and the engine backs up these values as they are (docs/rmcts.md, "One value scale").
public enum StatusCode: String, Sendable, Codable, CaseIterable {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"
    case e = "E"

    /// The single value's table (ExACT's rubric value function): 1, 0.9, 0.5, 0.2, 0.
    public var singleValue: Double {
        switch self {
        case .a: 1.0
        case .b: 0.9
        case .c: 0.5
        case .d: 0.2
        case .e: 0.0
        }
    }

    /// The debate judge's table (ExACT's debate value function): 1, 0.7, 0.5, −0.2, −1.
    public var debateValue: Double {
        switch self {
        case .a: 1.0
        case .b: 0.7
        case .c: 0.5
        case .d: -0.2
        case .e: -1.0
        }
    }
}

/// One judge sample: the vote (nil when the text held no readable letter) and the text.
public struct JudgeSample: Sendable, Equatable {
    public var vote: StatusCode?
    public var text: String
    public init(vote: StatusCode?, text: String) {
        self.vote = vote
        self.text = text
    }
}

/// What the reflector is shown about a surprising step: the state, the action, what the agent expected (its
/// Q before the step) and what came of it (the value of the next state, the next page, the episode's outcome).
public struct ReflectionRequest: Sendable, Equatable {
    public var kind: ReflectionKind
    public var taskID: String
    public var task: String
    public var observation: String
    public var action: String
    public var expectedValue: Double
    public var nextObservation: String
    public var nextValue: Double
    /// Whether the episode succeeded, as the run's `reflection.successSource` says: the agent's own estimate by
    /// default, the environment's check only when the run asked for it.
    public var episodeSucceeded: Bool
    /// For a value reflection, how the state reached was evaluated at the time: the debate (both arguments and the
    /// judges' answers) or the single value's judgements. Empty for a policy reflection.
    public var evaluation: String
    public init(
        kind: ReflectionKind, taskID: String, task: String, observation: String, action: String,
        expectedValue: Double, nextObservation: String, nextValue: Double, episodeSucceeded: Bool,
        evaluation: String = ""
    ) {
        self.kind = kind
        self.taskID = taskID
        self.task = task
        self.observation = observation
        self.action = action
        self.expectedValue = expectedValue
        self.nextObservation = nextObservation
        self.nextValue = nextValue
        self.episodeSucceeded = episodeSucceeded
        self.evaluation = evaluation
    }
}

/// The reflector's answer: what it had expected, the lesson, and a structured hint an agent can act on.
public struct ReflectionDraft: Sendable, Equatable {
    public var expected: String
    public var lesson: String
    public var hint: ReflectionHint
    public init(expected: String, lesson: String, hint: ReflectionHint) {
        self.expected = expected
        self.lesson = lesson
        self.hint = hint
    }
}

/// Plays every role of R-MCTS: policy, single value, the two debaters, the judge and the reflector.
/// The offline agent and the OpenAI-compatible client both conform.
public protocol Agent: Sendable {
    /// The model's name, as recorded in runs.
    var model: String { get }

    /// `samples` proposals for the next action.
    func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws -> AgentReply<[PolicySample]>
    /// The single value's rubric for the context's task, asked once per episode at temperature 0 (as ExACT).
    func writeRubric(_ context: AgentContext) async throws -> AgentReply<String>
    /// `samples` judgements of how close this state is to completing the task, against `context.rubric`.
    func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]>
    /// One side's argument about this state.
    func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String>
    /// `samples` verdicts after reading `first` then `second` (the two arguments in one order).
    func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
        async throws -> AgentReply<[JudgeSample]>
    func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft>
    /// What ranks lessons for retrieval in place of BM25, when the agent has one (an embeddings model).
    var lessonRanker: (any LessonRanker)? { get }
}

extension Agent {
    /// Lessons are retrieved by BM25 unless an agent says otherwise.
    public var lessonRanker: (any LessonRanker)? { nil }

    /// An agent without a rubric step judges without one: an empty rubric, no model call.
    public func writeRubric(_ context: AgentContext) async throws -> AgentReply<String> { AgentReply("") }
}
