import ArborCore
import ArborEnvironments
import ArborModels

/// Runs a list of tasks as episodes of one run, `parallel` at a time, each with its own environment (and, for parallel
/// simulations on an environment without snapshots, a pool of more made by the same factory), all writing to one sink
/// that already belongs to a run (the store emits `runStarted`; the caller emits `runEnded`).
///
/// Episode `i` is `firstEpisode + i`. Cancelling the task that calls ``run(_:)`` ends the episodes in flight with
/// reason `interrupted` and starts no more.
public struct RunDriver: Sendable {
    /// Makes a fresh environment for one episode; called on the episode's own task.
    public typealias EnvironmentFactory = @Sendable (TaskSpec) async throws -> sending any Environment

    public var config: SearchConfig
    public var agent: any Agent
    public var sink: any EventSink
    public var memory: ReflectionMemory
    public var parallel: Int
    public var clock: any SearchClock
    public var firstEpisode: Int
    /// A controller for an episode, if someone wants to steer it.
    public var controller: @Sendable (Int) -> SearchController?
    /// Real steps every episode takes before its search starts (a fork's), if any.
    public var prefix: EpisodePrefix?
    let makeEnvironment: EnvironmentFactory

    public init(
        config: SearchConfig, agent: any Agent, sink: any EventSink, memory: ReflectionMemory = ReflectionMemory(),
        parallel: Int = 1, clock: any SearchClock = SystemClock(), firstEpisode: Int = 0,
        controller: @escaping @Sendable (Int) -> SearchController? = { _ in nil }, prefix: EpisodePrefix? = nil,
        environment: @escaping EnvironmentFactory
    ) {
        self.config = config
        self.agent = agent
        self.sink = sink
        self.memory = memory
        self.parallel = parallel
        self.clock = clock
        self.firstEpisode = firstEpisode
        self.controller = controller
        self.prefix = prefix
        self.makeEnvironment = environment
    }

    /// Runs every task and returns the episodes' outcomes in task order.
    public func run(_ tasks: [TaskSpec]) async -> [EpisodeEnded] {
        await withTaskGroup(of: (Int, EpisodeEnded).self) { group in
            var results: [Int: EpisodeEnded] = [:]
            var next = 0
            func startNext() {
                guard next < tasks.count, !Task.isCancelled else { return }
                let episode = firstEpisode + next
                let task = tasks[next]
                next += 1
                group.addTask { (episode, await self.runEpisode(episode, task)) }
            }
            for _ in 0..<max(parallel, 1) { startNext() }
            while let (episode, ended) = await group.next() {
                results[episode] = ended
                startNext()
            }
            return results.keys.sorted().map { results[$0]! }
        }
    }

    /// One episode, start to end. An environment that cannot be made ends its episode with reason `error`.
    func runEpisode(_ episode: Int, _ task: TaskSpec) async -> EpisodeEnded {
        let environment: any Environment
        do {
            environment = try await makeEnvironment(task)
        } catch {
            sink.append(.episodeStarted(EpisodeStarted(episode: episode, taskID: task.id, task: task.intent)))
            sink.append(
                .error(
                    ErrorRecord(
                        episode: episode, node: nil, source: .environment,
                        message: "could not create the environment for task \(task.id): \(error)")))
            let ended = EpisodeEnded(
                episode: episode, success: false, reward: 0, estimatedSuccess: 0, steps: 0, reason: .error)
            sink.append(.episodeEnded(ended))
            return ended
        }
        let runner = EpisodeRunner(
            episode: episode, task: task, environment: environment, agent: agent, config: config, sink: sink,
            memory: memory, clock: clock, prefix: prefix, makeEnvironment: { try await makeEnvironment(task) })
        let ended = await runner.run(controller: controller(episode))
        await environment.close()
        return ended
    }
}
