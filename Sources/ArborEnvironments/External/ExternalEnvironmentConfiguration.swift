/// How to start an external environment process and how long to wait for it.
public struct ExternalEnvironmentConfiguration: Sendable, Equatable {
    public var command: ExternalCommand
    /// The child's stderr is appended here; it never reaches the terminal the UI owns.
    public var logFile: String
    public var timeouts: ExternalTimeouts
    /// Sent with every `reset`, for environments that draw a task's details from a seed.
    public var seed: Int?
    /// Variables added to (or replacing those of) Arbor's own environment for the child.
    public var variables: [String: String]
    /// Arbor's own variables the child does not inherit: the model's API key, which an environment has no use for
    /// and could leak.
    public var withheld: Set<String>
    /// The most bytes (UTF-8) of an observation kept; a longer one is cut there, with a marker, and a warning
    /// recorded. The store keeps a page's bytes once however many prompts show it, but every prompt still sends the
    /// whole page to the model, so one huge page would otherwise swell every model call.
    public var maxObservationBytes: Int

    /// The default observation cap: 4 MiB.
    public static let defaultMaxObservationBytes = 4 << 20

    /// The largest image file an observation may name, in bytes; a larger one is left out and recorded.
    public var imageLimit: Int

    /// 8 MiB: a full-page screenshot as PNG is well under it; anything past it would bloat every export.
    public static let defaultImageLimit = 8 << 20

    public init(
        command: ExternalCommand, logFile: String, timeouts: ExternalTimeouts = ExternalTimeouts(), seed: Int? = nil,
        variables: [String: String] = [:], withheld: Set<String> = ["OPENAI_API_KEY"],
        maxObservationBytes: Int = Self.defaultMaxObservationBytes, imageLimit: Int = defaultImageLimit
    ) {
        self.command = command
        self.logFile = logFile
        self.timeouts = timeouts
        self.seed = seed
        self.variables = variables
        self.withheld = withheld
        self.maxObservationBytes = maxObservationBytes
        self.imageLimit = imageLimit
    }
}

/// How long each kind of request may take before the child is taken to be hung and is killed.
public struct ExternalTimeouts: Sendable, Equatable {
    /// From starting the process to its answer to the handshake (an interpreter and its imports load here).
    public var start: Duration
    public var reset: Duration
    public var step: Duration
    /// `tasks`, `snapshot`, `restore`, `outcome`.
    public var other: Duration
    /// How long a child may take to exit after `close` before it is killed.
    public var close: Duration

    public init(
        start: Duration = .seconds(60), reset: Duration = .seconds(120), step: Duration = .seconds(60),
        other: Duration = .seconds(30), close: Duration = .seconds(2)
    ) {
        self.start = start
        self.reset = reset
        self.step = step
        self.other = other
        self.close = close
    }

    /// The same limit for every request, as tests and impatient people want.
    public static func all(_ limit: Duration) -> ExternalTimeouts {
        ExternalTimeouts(start: limit, reset: limit, step: limit, other: limit, close: limit)
    }
}
