import ArborCore

/// One episode's committed trajectory: the real steps taken, each with what the agent saw before it acted.
public struct Trajectory: Sendable, Codable, Equatable {
    public var run: RunID
    public var episode: Int
    public var taskID: String
    public var task: String
    /// Nil while the episode has not ended.
    public var success: Bool?
    public var reward: Double?
    public var estimatedSuccess: Double?
    public var reason: String?
    /// The newest label on the trajectory (see ``RunRecording/trajectoryLabel(_:)``).
    public var label: String?
    public var steps: [TrajectoryStep]
    /// What the environment showed after the last step.
    public var finalObservation: String

    public init(_ recording: RunRecording, _ tree: EpisodeTree) {
        run = recording.run
        episode = tree.episode
        taskID = tree.taskID
        task = tree.task
        success = tree.outcome?.success
        reward = tree.outcome?.reward
        estimatedSuccess = tree.outcome?.estimatedSuccess
        reason = tree.outcome?.reason.rawValue
        label = recording.trajectoryLabel(tree)
        let path = tree.committedPath
        steps = zip(path, path.dropFirst()).enumerated().map { index, pair in
            let (from, to) = pair
            return TrajectoryStep(
                step: index, node: to.rawValue, observation: recording.observation(tree, from), action: tree[to].action,
                element: tree[to].label, value: tree[to].value, q: tree[to].q, visits: tree[to].visits)
        }
        finalObservation = recording.observation(tree, tree.committedNode)
    }
}

/// A real step: the observation before it, the action taken, and how the search valued where it led.
public struct TrajectoryStep: Sendable, Codable, Equatable {
    public var step: Int
    /// The node the action led to.
    public var node: Int
    public var observation: String
    public var action: String
    /// The label the page gave the element the action names (`Submit` for `click [10]`), when it named one.
    public var element: String?
    /// The latest evaluation of the node reached, if it was evaluated.
    public var value: Double?
    public var q: Double
    public var visits: Int
}
