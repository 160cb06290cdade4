import ArborCore

/// A task an environment can be reset to. The success check stays inside the environment: an agent sees `intent`.
public struct TaskSpec: Sendable, Codable, Equatable, Hashable {
    /// Stable across runs, e.g. `classifieds/cheapest-in-colour/17`.
    public var id: String
    /// The instruction the agent is given.
    public var intent: String
    public init(id: String, intent: String) {
        self.id = id
        self.intent = intent
    }
}

/// Which tasks: reflections learned on `train` are tested on `test`.
public enum TaskSplit: String, Sendable, Codable, CaseIterable {
    case train, test
}

/// What the agent sees after a reset or a step.
public struct Observation: Sendable, Equatable {
    /// The page (or state) as text; for MiniWeb an accessibility tree with numbered elements.
    public var text: String
    public var reward: Double
    /// The episode is over: the agent answered, or the environment ended it.
    public var done: Bool
    /// Images shown with the text (screenshots), each read once from the file the environment named.
    public var images: [EncodedImage]
    /// Images the environment named that are not among ``images``, and why; the search records each and goes on.
    public var imageProblems: [ImageProblem]
    /// What had to be mended before the text could be kept (bytes that were not UTF-8, a page past the size cap),
    /// one sentence each saying where; the search records each as an `error` event at the node.
    public var repairs: [String]
    public init(
        text: String, reward: Double = 0, done: Bool = false, images: [EncodedImage] = [],
        imageProblems: [ImageProblem] = [], repairs: [String] = []
    ) {
        self.text = text
        self.reward = reward
        self.done = done
        self.images = images
        self.imageProblems = imageProblems
        self.repairs = repairs
    }
}

/// The environment's verdict on the episode as it stands: its programmatic success check.
public struct Outcome: Sendable, Equatable {
    public var success: Bool
    public var reward: Double
    public init(success: Bool, reward: Double) {
        self.success = success
        self.reward = reward
    }
}

/// A saved state, opaque to everyone but the environment that made it.
public struct EnvironmentSnapshot: Sendable {
    public let token: any Sendable
    public init(_ token: any Sendable) { self.token = token }
}

/// Why an environment could not do what was asked.
public enum EnvironmentError: Error, Equatable, CustomStringConvertible {
    /// The action text is not in the grammar, or names an element that is not on the page.
    case invalidAction(String, reason: String)
    case unknownTask(String)
    case snapshotUnsupported
    /// The environment itself failed (a child process died, timed out, answered garbage).
    case failed(String)

    public var description: String {
        switch self {
        case .invalidAction(let a, let why): "invalid action \(a): \(why)"
        case .unknownTask(let id): "unknown task \(id)"
        case .snapshotUnsupported: "this environment cannot save and restore its state"
        case .failed(let why): why
        }
    }
}

/// An environment an agent acts in: reset to a task, step with actions, optionally snapshot and restore.
///
/// One instance serves one episode at a time and is used from one task, so it need not be `Sendable`; methods
/// are `async` because an external environment answers over a pipe.
public protocol Environment: AnyObject {
    /// A short name, as in `--env`.
    var name: String { get }
    /// The action grammar, described for prompts.
    var actionGrammar: String { get }
    /// How a policy's answer becomes an action here.
    var actionSyntax: ActionSyntax { get }
    /// The instruction the last `reset` gave in the environment's own words, when it has them (an external
    /// environment's `task`); nil when the task's `intent` is the instruction.
    var instruction: String? { get }
    var supportsSnapshot: Bool { get }

    func tasks(_ split: TaskSplit) async throws -> [TaskSpec]
    func reset(_ task: TaskSpec) async throws -> Observation
    func step(_ action: String) async throws -> Observation
    /// The grounded form of an action the current state accepts (whitespace, case and quoting normalised), or nil
    /// when it cannot be taken here. Two samples with the same grounded form are the same action.
    func ground(_ action: String) -> String?
    func outcome() async throws -> Outcome
    func snapshot() async throws -> EnvironmentSnapshot
    func restore(_ snapshot: EnvironmentSnapshot) async throws
    func close() async
}

extension Environment {
    public var supportsSnapshot: Bool { false }
    public var actionSyntax: ActionSyntax { .web }
    public var instruction: String? { nil }
    public func snapshot() async throws -> EnvironmentSnapshot { throw EnvironmentError.snapshotUnsupported }
    public func restore(_ snapshot: EnvironmentSnapshot) async throws { throw EnvironmentError.snapshotUnsupported }
    public func close() async {}
}
