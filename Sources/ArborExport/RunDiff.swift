import ArborCore

/// Two runs compared task by task (episodes matched by task id, in order when a task repeats): both outcomes, steps,
/// model calls, and where the committed trajectories first part. For "with vs without reflection" and "model A vs
/// model B".
public struct RunDiff: Sendable, Codable, Equatable {
    public var tasks: [TaskComparison]
    /// Successful episodes of each run, and episodes of each run, over the compared tasks.
    public var successesA: Int
    public var successesB: Int
    public var episodesA: Int
    public var episodesB: Int

    public init(_ a: RunState, _ b: RunState) {
        let left = a.orderedEpisodes
        var right = b.orderedEpisodes
        tasks = []
        for episode in left {
            let match = right.firstIndex { $0.taskID == episode.taskID }.map { right.remove(at: $0) }
            tasks.append(TaskComparison(a: episode, b: match))
        }
        tasks += right.map { TaskComparison(a: nil, b: $0) }
        successesA = left.filter { $0.outcome?.success == true }.count
        successesB = b.orderedEpisodes.filter { $0.outcome?.success == true }.count
        episodesA = left.count
        episodesB = b.episodes.count
    }
}

/// One task in both runs.
public struct TaskComparison: Sendable, Codable, Equatable {
    public var taskID: String
    public var task: String
    public var a: EpisodeSide?
    public var b: EpisodeSide?
    /// Nil when both trajectories are the same (or one run lacks the task).
    public var divergence: Divergence?

    init(a: EpisodeTree?, b: EpisodeTree?) {
        taskID = a?.taskID ?? b?.taskID ?? ""
        task = a?.task ?? b?.task ?? ""
        self.a = a.map(EpisodeSide.init)
        self.b = b.map(EpisodeSide.init)
        divergence = Divergence(self.a?.actions, self.b?.actions)
    }
}

/// One run's episode of a task.
public struct EpisodeSide: Sendable, Codable, Equatable {
    public var episode: Int
    /// Nil while the episode has not ended.
    public var success: Bool?
    public var steps: Int
    public var modelCalls: Int
    public var tokens: Int
    /// The committed actions, in order.
    public var actions: [String]

    init(_ tree: EpisodeTree) {
        episode = tree.episode
        success = tree.outcome?.success
        actions = tree.committedPath.dropFirst().map { tree[$0].action }
        steps = actions.count
        modelCalls = tree.modelCalls
        tokens = tree.tokens
    }

    /// `success`, `failure` or `running`.
    public var outcome: String { success.map { $0 ? "success" : "failure" } ?? "running" }
}

/// The first real step at which two trajectories differ, and what each did there (nil: it had already ended).
public struct Divergence: Sendable, Codable, Equatable {
    public var step: Int
    public var actionA: String?
    public var actionB: String?

    public init(step: Int, actionA: String?, actionB: String?) {
        self.step = step
        self.actionA = actionA
        self.actionB = actionB
    }

    init?(_ a: [String]?, _ b: [String]?) {
        guard let a, let b, a != b else { return nil }
        let step = zip(a, b).prefix { $0 == $1 }.count
        self.init(step: step, actionA: step < a.count ? a[step] : nil, actionB: step < b.count ? b[step] : nil)
    }
}
