import ArborCore

/// The workers and the queue of a store that runs one run's episodes on many hosts, as the runs list shows them
/// beside the runs.
public struct Fleet: Sendable, Equatable {
    public var waiting: Int
    public var running: Int
    public var done: Int
    public var failed: Int
    /// Every worker that has registered, oldest first.
    public var workers: [FleetWorker]
    /// A worker silent for longer than this has lost its claims to the queue.
    public var timeout: Double

    public init(waiting: Int, running: Int, done: Int, failed: Int, workers: [FleetWorker], timeout: Double) {
        self.waiting = waiting
        self.running = running
        self.done = done
        self.failed = failed
        self.workers = workers
        self.timeout = timeout
    }
}

/// One worker: where it runs, what it holds, when it was last heard from, and what it has finished.
public struct FleetWorker: Sendable, Equatable {
    public var id: Int64
    public var host: String
    public var pid: Int
    /// The episodes it holds now, as (run, episode from 0).
    public var claimed: [(run: RunID, episode: Int)]
    /// Seconds since its last heartbeat.
    public var heartbeatAge: Double
    public var done: Int
    public var failures: Int
    /// It said it stopped (a worker that vanished is only ever silent).
    public var stopped: Bool

    public init(
        id: Int64, host: String, pid: Int, claimed: [(run: RunID, episode: Int)], heartbeatAge: Double, done: Int,
        failures: Int, stopped: Bool
    ) {
        self.id = id
        self.host = host
        self.pid = pid
        self.claimed = claimed
        self.heartbeatAge = heartbeatAge
        self.done = done
        self.failures = failures
        self.stopped = stopped
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.id == b.id && a.host == b.host && a.pid == b.pid && a.claimed.map(\.run) == b.claimed.map(\.run)
            && a.claimed.map(\.episode) == b.claimed.map(\.episode) && a.heartbeatAge == b.heartbeatAge
            && a.done == b.done && a.failures == b.failures && a.stopped == b.stopped
    }
}
