import ArborCore
import ArborEnvironments
import ArborModels
import ArborSearch
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Dispatch
import Foundation
import Synchronization

/// One worker process: registers with the queue, heartbeats, claims episodes (`parallel` at a time) and runs each with
/// its run's recorded settings, recording it under the run. Ends the run when it finishes the run's last episode.
struct EpisodeWorker {
    var address: PostgresLocation
    var run: RunID?
    var parallel: Int
    var timeout: Double

    /// How long before the queue's timeout a worker that could not heartbeat stops recording its attempts.
    var margin: Double { min(2, timeout / 4) }

    func work() async throws {
        let queue = try EpisodeQueue(address)
        defer { queue.close() }
        let store = try PostgresRunStore.open(address)
        defer { store.close() }
        if let run { _ = try store.run(run) }
        let host = ProcessInfo.processInfo.hostName
        let id = try queue.register(host: host, pid: getpid(), run: run)
        Output.text(
            "worker \(id) on \(host) (pid \(getpid())) · \(run.map { "run \($0)" } ?? "every run") · "
                + "\(parallel) at a time → \(address)")
        fflush(nil)  // every stream: `stdout` itself is not concurrency-safe to name
        let held = HeldAttempts()
        let heartbeat = Task { await beat(queue: queue, worker: id, held: held) }
        let interrupted = InterruptFlag()
        let work = Task { try await claimAndRun(queue: queue, store: store, worker: id, held: held) }
        let signals = interrupted.catchSignals { work.cancel() }
        let result = await work.result
        for signal in signals { signal.cancel() }
        heartbeat.cancel()
        _ = await heartbeat.value
        try? queue.stop(worker: id)
        try result.get()
        if let signal = interrupted.signal {
            Output.text("interrupted: worker \(id) stopped; its unfinished episodes went back to the queue")
            throw ExitCode(128 + signal)
        }
    }

    /// Claims while there is room, runs each claim on a task of its own, and stops when the run (with `--run`) has
    /// nothing left, or when cancelled.
    private func claimAndRun(queue: EpisodeQueue, store: PostgresRunStore, worker: Int64, held: HeldAttempts)
        async throws
    {
        let runs = RunContexts(store: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            while !Task.isCancelled {
                while running < parallel, let claim = try queue.claim(worker: worker, run: run) {
                    let context: RunContext
                    let recorder: RunRecorder
                    do {
                        context = try await runs.context(for: claim.run)
                        recorder = try store.join(run: claim.run)
                    } catch {
                        // This host cannot run the episode (its environment is missing, say): another may.
                        _ = try? queue.release(claim)
                        throw error
                    }
                    let sink = AttemptSink(
                        forwardingTo: recorder, attempt: claim.attempt, deadline: .now + .seconds(timeout - margin))
                    held.add(claim, sink)
                    group.addTask {
                        try await runAttempt(
                            claim, sink: sink, context: context, runs: runs, queue: queue, store: store)
                        held.remove(claim)
                    }
                    running += 1
                }
                if running > 0 {
                    try await group.next()
                    running -= 1
                    continue
                }
                if let run, try !queue.hasWork(run: run) { break }
                // Nothing to claim now: another worker's episode may yet end or come back to the queue, or new work
                // arrive. Woken by the change (every host notifies it); a second's wait at most, to look again.
                _ = await queue.waitForChange(timeout: .seconds(1))
            }
            // Cancelled: the episodes in flight end as interrupted; their claims go back to the queue.
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    /// Runs one attempt to its end and ends its claim; ends the run when it was the run's last episode.
    private func runAttempt(
        _ claim: EpisodeClaim, sink: AttemptSink, context: RunContext, runs: RunContexts, queue: EpisodeQueue,
        store: PostgresRunStore
    ) async throws {
        // Lessons as the store has them now: every worker's, up to the episodes that ended before this one.
        let memory = try runs.memory(for: claim.run, context: context, store: store)
        let driver = RunDriver(
            config: context.config, agent: context.agent, sink: sink, memory: memory, firstEpisode: claim.episode,
            environment: context.environment)
        let ended = await driver.run([TaskSpec(id: claim.taskID, intent: claim.task)]).first
        try store.flush()
        let label =
            "run \(claim.run) ep \(claim.episode + 1)" + (claim.attempt > 1 ? " (attempt \(claim.attempt))" : "")
        guard sink.holds else {
            Output.text("\(label) lost: this worker was silent too long and the episode went back to the queue")
            return
        }
        if Task.isCancelled || ended?.reason == .interrupted {
            try queue.release(claim)
            return
        }
        guard let ended else { return }
        guard try queue.finish(claim, failed: ended.reason == .error) else {
            Output.text("\(label) lost: the episode went back to the queue before it ended")
            return
        }
        Output.text(
            "\(label) \(ended.success ? "✓" : "✗") \(claim.taskID)  steps \(ended.steps) (\(ended.reason.rawValue))")
        fflush(nil)  // every stream: `stdout` itself is not concurrency-safe to name
        if try queue.takeRunEnd(run: claim.run) {
            try store.join(run: claim.run).finish(status: .finished)
            Output.text("run \(claim.run) finished: every queued episode has ended")
        }
    }

    /// Every second: tells the queue this worker is alive, learns which claims it still holds, and re-queues other
    /// workers' stale claims.
    private func beat(queue: EpisodeQueue, worker: Int64, held: HeldAttempts) async {
        while !Task.isCancelled {
            let sent = ContinuousClock.now
            if let claims = try? queue.heartbeat(worker: worker) {
                held.confirm(Set(claims), sent: sent, until: sent + .seconds(timeout - margin))
            }
            _ = try? queue.requeueStale(after: timeout)
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

/// The attempts a worker runs now, each with its sink and when it was claimed, so the heartbeat can extend or end
/// them.
final class HeldAttempts: Sendable {
    private let attempts = Mutex<[EpisodeClaim: (sink: AttemptSink, claimed: ContinuousClock.Instant)]>([:])

    func add(_ claim: EpisodeClaim, _ sink: AttemptSink) {
        let now = ContinuousClock.now
        attempts.withLock { $0[claim] = (sink, now) }
    }

    func remove(_ claim: EpisodeClaim) { attempts.withLock { $0[claim] = nil } }

    /// A heartbeat sent at `sent` found the worker holding `claims`: those are safe until `deadline`; any other it
    /// had claimed before `sent` is lost.
    func confirm(_ claims: Set<EpisodeClaim>, sent: ContinuousClock.Instant, until deadline: ContinuousClock.Instant) {
        attempts.withLock { attempts in
            for (claim, held) in attempts where held.claimed < sent {
                if claims.contains(claim) { held.sink.extend(until: deadline) } else { held.sink.abandon() }
            }
        }
    }
}
