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

    /// What the environment showed with the final observation, as `images` links them.
    public var finalImages: [String]

    public init(_ recording: RunRecording, _ tree: EpisodeTree, images: ImageLinks = ImageLinks(.none, folder: "")) {
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
                step: index, node: to.rawValue, observation: recording.observation(tree, from),
                images: images.urls(recording, tree, from), action: tree[to].action, element: tree[to].label,
                value: tree[to].value, q: tree[to].q, visits: tree[to].visits)
        }
        finalObservation = recording.observation(tree, tree.committedNode)
        finalImages = images.urls(recording, tree, tree.committedNode)
    }

    private enum CodingKeys: String, CodingKey {
        case run, episode, taskID, task, success, reward, estimatedSuccess, reason, label, steps, finalObservation
        case finalImages
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        run = try c.decode(RunID.self, forKey: .run)
        episode = try c.decode(Int.self, forKey: .episode)
        taskID = try c.decode(String.self, forKey: .taskID)
        task = try c.decode(String.self, forKey: .task)
        success = try c.decodeIfPresent(Bool.self, forKey: .success)
        reward = try c.decodeIfPresent(Double.self, forKey: .reward)
        estimatedSuccess = try c.decodeIfPresent(Double.self, forKey: .estimatedSuccess)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        steps = try c.decode([TrajectoryStep].self, forKey: .steps)
        finalObservation = try c.decode(String.self, forKey: .finalObservation)
        finalImages = try c.decodeIfPresent([String].self, forKey: .finalImages) ?? []
    }

    // Image keys are written only when there are images, so a text-only run exports as it always did.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(run, forKey: .run)
        try c.encode(episode, forKey: .episode)
        try c.encode(taskID, forKey: .taskID)
        try c.encode(task, forKey: .task)
        try c.encodeIfPresent(success, forKey: .success)
        try c.encodeIfPresent(reward, forKey: .reward)
        try c.encodeIfPresent(estimatedSuccess, forKey: .estimatedSuccess)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(label, forKey: .label)
        try c.encode(steps, forKey: .steps)
        try c.encode(finalObservation, forKey: .finalObservation)
        if !finalImages.isEmpty { try c.encode(finalImages, forKey: .finalImages) }
    }
}

/// A real step: the observation before it, the action taken, and how the search valued where it led.
public struct TrajectoryStep: Sendable, Codable, Equatable {
    public var step: Int
    /// The node the action led to.
    public var node: Int
    public var observation: String
    /// The images shown with the observation, as the export links them (data URLs or relative paths).
    public var images: [String]
    public var action: String
    /// The label the page gave the element the action names (`Submit` for `click [10]`), when it named one.
    public var element: String?
    /// The latest evaluation of the node reached, if it was evaluated.
    public var value: Double?
    public var q: Double
    public var visits: Int

    private enum CodingKeys: String, CodingKey {
        case step, node, observation, images, action, element, value, q, visits
    }

    init(
        step: Int, node: Int, observation: String, images: [String], action: String, element: String?,
        value: Double?, q: Double, visits: Int
    ) {
        self.step = step
        self.node = node
        self.observation = observation
        self.images = images
        self.action = action
        self.element = element
        self.value = value
        self.q = q
        self.visits = visits
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        step = try c.decode(Int.self, forKey: .step)
        node = try c.decode(Int.self, forKey: .node)
        observation = try c.decode(String.self, forKey: .observation)
        images = try c.decodeIfPresent([String].self, forKey: .images) ?? []
        action = try c.decode(String.self, forKey: .action)
        element = try c.decodeIfPresent(String.self, forKey: .element)
        value = try c.decodeIfPresent(Double.self, forKey: .value)
        q = try c.decode(Double.self, forKey: .q)
        visits = try c.decode(Int.self, forKey: .visits)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(step, forKey: .step)
        try c.encode(node, forKey: .node)
        try c.encode(observation, forKey: .observation)
        if !images.isEmpty { try c.encode(images, forKey: .images) }
        try c.encode(action, forKey: .action)
        try c.encodeIfPresent(element, forKey: .element)
        try c.encodeIfPresent(value, forKey: .value)
        try c.encode(q, forKey: .q)
        try c.encode(visits, forKey: .visits)
    }
}
