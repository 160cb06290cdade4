import ArborCore

/// Starts a fresh environment process for every episode, so episodes run in parallel each talk to their own child
/// and an episode whose child failed leaves nothing broken behind for the next.
public struct ExternalEnvironmentFactory: Sendable {
    public var configuration: ExternalEnvironmentConfiguration

    public init(_ configuration: ExternalEnvironmentConfiguration) {
        self.configuration = configuration
    }

    /// From an `--env` value such as `exec:"python3 my_env.py --flag"`; the child does not inherit the variables
    /// named in `withheld`.
    public init(
        spec: String, logFile: String, timeouts: ExternalTimeouts = ExternalTimeouts(), seed: Int? = nil,
        withheld: Set<String> = ["OPENAI_API_KEY"],
        maxObservationBytes: Int = ExternalEnvironmentConfiguration.defaultMaxObservationBytes
    ) throws(ExternalCommandError) {
        let command = try ExternalCommand(parsing: spec)
        self.init(
            ExternalEnvironmentConfiguration(
                command: command, logFile: logFile, timeouts: timeouts, seed: seed, withheld: withheld,
                maxObservationBytes: maxObservationBytes))
    }

    /// Whether an `--env` value names an external environment.
    public static func accepts(_ spec: String) -> Bool { spec.hasPrefix(ExternalCommand.prefix) }

    /// A new child, past its handshake.
    public func makeEnvironment() async throws(EnvironmentError) -> sending ExternalEnvironment {
        try await ExternalEnvironment.start(configuration)
    }

    /// The same, in the shape a run driver takes (`@Sendable (TaskSpec) async throws -> sending any Environment`).
    public func make(for task: TaskSpec) async throws -> sending any Environment {
        try await ExternalEnvironment.start(configuration)
    }

    /// The tasks of a split, from a child started for the question and closed after it.
    public func tasks(_ split: TaskSplit) async throws -> [TaskSpec] {
        try await listing(split).tasks
    }

    /// The environment's name from its `hello` and the tasks of a split, from one child started for the question,
    /// with what had to be mended in the list (``ExternalEnvironment/taskRepair``).
    public func listing(_ split: TaskSplit) async throws -> (name: String, tasks: [TaskSpec], repair: String?) {
        let environment = try await ExternalEnvironment.start(configuration)
        do {
            let tasks = try await environment.tasks(split)
            await environment.close()
            return (environment.name, tasks, environment.taskRepair)
        } catch {
            await environment.close()
            throw error
        }
    }
}
