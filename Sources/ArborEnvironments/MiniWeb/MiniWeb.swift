import ArborCore

/// MiniWeb: simulated classifieds, shopping and forum sites with seeded tasks and programmatic success checks.
///
/// Pages are accessibility-tree text (the format is in docs/miniweb.md). State is a value, so snapshots are
/// cheap copies and equal states render identical pages.
public final class MiniWeb: Environment {
    public let name: String
    public let seed: UInt64
    /// The sites whose tasks this environment serves.
    public let sites: [MiniWebSite]
    public var actionGrammar: String { WebAction.grammar }
    public var supportsSnapshot: Bool { true }

    /// Task indices per template: train and test are disjoint ranges.
    static let trainIndices = 0..<5
    static let testIndices = 100..<103

    private var task: MiniWebTask?
    private var session: WebSession?
    /// The rendered current page; pages are rendered once per state change, not once per `ground` call.
    private var view: PageView?

    public init(seed: UInt64 = 0, sites: [MiniWebSite] = MiniWebSite.allCases) {
        self.seed = seed
        self.sites = sites
        name = sites == MiniWebSite.allCases ? "miniweb" : "miniweb:" + sites.map(\.rawValue).joined(separator: "+")
    }

    var templates: [TaskTemplate] { TaskTemplate.all.filter { sites.contains($0.site) } }

    public func tasks(_ split: TaskSplit) async throws -> [TaskSpec] { taskSpecs(split) }

    /// The tasks of a split, without awaiting (generation is pure and quick).
    public func taskSpecs(_ split: TaskSplit) -> [TaskSpec] {
        let indices = split == .train ? MiniWeb.trainIndices : MiniWeb.testIndices
        return templates.flatMap { template in
            indices.map { MiniWebTask(template: template, index: $0, seed: seed).spec }
        }
    }

    /// Builds the hidden task behind an id such as `shopping/cart-size-colour/3`.
    func makeTask(_ id: String) throws -> MiniWebTask {
        let parts = id.split(separator: "/").map(String.init)
        guard parts.count == 3, let index = Int(parts[2]), index >= 0,
            let template = templates.first(where: { $0.site.rawValue == parts[0] && $0.name == parts[1] })
        else { throw EnvironmentError.unknownTask(id) }
        return MiniWebTask(template: template, index: index, seed: seed)
    }

    public func reset(_ task: TaskSpec) async throws -> Observation {
        let made = try makeTask(task.id)
        self.task = made
        session = WebSession(world: made.world, state: made.start)
        view = session?.view
        return observation()
    }

    private func current() throws -> (WebSession, PageView) {
        guard let session, let view else { throw EnvironmentError.failed("MiniWeb has no task yet: call reset first") }
        return (session, view)
    }

    private func observation() -> Observation {
        guard let session, let view, let task else { return Observation(text: "") }
        // As on VisualWebArena, a step earns nothing visible: the task's check is the evaluator's, read once through
        // `outcome()` when the episode ends, so an agent cannot learn the answer by trying answers.
        _ = task
        return Observation(text: view.text, reward: 0, done: session.state.stopped)
    }

    public func step(_ action: String) async throws -> Observation {
        var (session, view) = try current()
        let parsed: WebAction
        switch WebAction.parse(action) {
        case .success(let a): parsed = a
        case .failure(let error): throw EnvironmentError.invalidAction(action, reason: error.reason)
        }
        switch session.validate(parsed, on: view) {
        case .success(let valid):
            session.perform(valid, on: view)
        case .failure(let reason):
            throw EnvironmentError.invalidAction(action, reason: reason.reason)
        }
        self.session = session
        self.view = session.view
        return observation()
    }

    public func ground(_ action: String) -> String? {
        guard let session, let view, case .success(let parsed) = WebAction.parse(action),
            case .success(let valid) = session.validate(parsed, on: view)
        else { return nil }
        return valid.text
    }

    public func outcome() async throws -> Outcome {
        let (session, _) = try current()
        guard let task else { throw EnvironmentError.failed("MiniWeb has no task yet: call reset first") }
        let success = task.goal.isMet(by: session.state)
        return Outcome(success: success, reward: success ? 1 : 0)
    }

    public func snapshot() async throws -> EnvironmentSnapshot {
        let (session, _) = try current()
        return EnvironmentSnapshot(MiniWebSnapshot(taskID: task?.spec.id ?? "", state: session.state))
    }

    public func restore(_ snapshot: EnvironmentSnapshot) async throws {
        guard let saved = snapshot.token as? MiniWebSnapshot else {
            throw EnvironmentError.failed("this snapshot was not made by MiniWeb; restore one from snapshot()")
        }
        if task?.spec.id != saved.taskID {
            let made = try makeTask(saved.taskID)
            task = made
            session = WebSession(world: made.world, state: made.start)
        }
        session?.state = saved.state
        view = session?.view
    }

    /// What the agent would see now (tests compare it after a restore).
    var currentObservation: Observation { observation() }

    /// The current task's reference solution (tests only: agents never see it).
    var solution: [ScriptStep] { task?.solution ?? [] }
}

/// A saved MiniWeb state: which task and the browser state (the world is rebuilt from the task if needed).
struct MiniWebSnapshot: Sendable {
    var taskID: String
    var state: BrowserState
}
