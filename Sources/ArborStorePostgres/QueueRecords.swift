import ArborCore
import ArborStore

/// Where a queued episode is: waiting for a worker, running under one, or ended.
public enum QueueState: String, Sendable, CaseIterable {
    case waiting, running, done, failed
}

/// A worker's hold on one attempt at an episode: what it runs, and what it names when it ends it.
public struct EpisodeClaim: Sendable, Hashable, Comparable {
    public var run: RunID
    public var episode: Int
    public var taskID: String
    /// The instruction the agent reads.
    public var task: String
    /// The attempt this claim is, counted from 1 per episode.
    public var attempt: Int
    public var worker: Int64

    public init(run: RunID, episode: Int, taskID: String, task: String, attempt: Int, worker: Int64) {
        self.run = run
        self.episode = episode
        self.taskID = taskID
        self.task = task
        self.attempt = attempt
        self.worker = worker
    }

    init?(row: StoreRow) {
        guard let run = row["run"]?.integer, let episode = row["episode"]?.integer, let taskID = row["task_id"]?.text,
            let task = row["task"]?.text, let attempt = row["attempt"]?.integer, let worker = row["worker"]?.integer
        else { return nil }
        self.init(
            run: run, episode: Int(episode), taskID: taskID, task: task, attempt: Int(attempt), worker: worker)
    }

    public static func < (a: Self, b: Self) -> Bool { (a.run, a.episode, a.attempt) < (b.run, b.episode, b.attempt) }
}

/// How many of the queue's episodes are in each state.
public struct QueueCounts: Sendable, Equatable {
    public var waiting = 0
    public var running = 0
    public var done = 0
    public var failed = 0

    public init(waiting: Int = 0, running: Int = 0, done: Int = 0, failed: Int = 0) {
        self.waiting = waiting
        self.running = running
        self.done = done
        self.failed = failed
    }
}

/// One queued episode as the queue has it now.
public struct QueuedEpisode: Sendable, Equatable {
    public var episode: Int
    public var taskID: String
    public var state: QueueState
    /// Attempts started so far (0 while it has never been claimed).
    public var attempts: Int
    public var worker: Int64?

    init?(row: StoreRow) {
        guard let episode = row["episode"]?.integer, let task = row["task_id"]?.text,
            let state = row["state"]?.text.flatMap(QueueState.init(rawValue:)), let attempts = row["attempt"]?.integer
        else { return nil }
        self.episode = Int(episode)
        taskID = task
        self.state = state
        self.attempts = Int(attempts)
        worker = row["worker"]?.integer
    }
}

/// How one attempt at an episode ended: `running` while it runs, then `done`, `failed` or `abandoned` (its worker
/// stopped heartbeating and the episode went back to the queue).
public struct EpisodeAttempt: Sendable, Equatable {
    public var episode: Int
    public var attempt: Int
    public var worker: Int64
    public var outcome: String

    public init(episode: Int, attempt: Int, worker: Int64, outcome: String) {
        self.episode = episode
        self.attempt = attempt
        self.worker = worker
        self.outcome = outcome
    }

    init?(row: StoreRow) {
        guard let episode = row["episode"]?.integer, let attempt = row["attempt"]?.integer,
            let worker = row["worker"]?.integer, let outcome = row["outcome"]?.text
        else { return nil }
        self.init(episode: Int(episode), attempt: Int(attempt), worker: worker, outcome: outcome)
    }
}

/// An attempt whose worker stopped heartbeating: its episode went back to the queue, or failed after too many
/// attempts.
public struct AbandonedAttempt: Sendable, Equatable {
    public var run: RunID
    public var episode: Int
    public var attempt: Int
    /// Whether the episode is waiting again (false: it had used its attempts and is `failed`).
    public var requeued: Bool

    public init(run: RunID, episode: Int, attempt: Int, requeued: Bool) {
        self.run = run
        self.episode = episode
        self.attempt = attempt
        self.requeued = requeued
    }
}

/// A worker as the fleet view shows it.
public struct WorkerStatus: Sendable, Equatable {
    public var id: Int64
    public var host: String
    public var pid: Int
    /// The run it works on, or nil for any run.
    public var run: RunID?
    /// The episodes it holds now.
    public var claimed: [HeldEpisode]
    /// Seconds since its last heartbeat, by the server's clock.
    public var heartbeatAge: Double
    public var done: Int
    public var failures: Int
    public var stopped: Bool

    init?(row: StoreRow) {
        guard let id = row["id"]?.integer, let host = row["host"]?.text, let pid = row["pid"]?.integer else {
            return nil
        }
        self.id = id
        self.host = host
        self.pid = Int(pid)
        run = row["run"]?.integer
        // The server lists them as `run/episode run/episode …`.
        claimed = (row["claimed"]?.text ?? "").split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: "/")
            guard parts.count == 2, let run = RunID(parts[0]), let episode = Int(parts[1]) else { return nil }
            return HeldEpisode(run: run, episode: episode)
        }
        heartbeatAge = row["age"]?.real ?? 0
        done = Int(row["done"]?.integer ?? 0)
        failures = Int(row["failures"]?.integer ?? 0)
        stopped = row["stopped"]?.integer == 1
    }
}

/// An episode a worker holds: its run and its index (from 0, as stored).
public struct HeldEpisode: Sendable, Hashable {
    public var run: RunID
    public var episode: Int

    public init(run: RunID, episode: Int) {
        self.run = run
        self.episode = episode
    }
}
