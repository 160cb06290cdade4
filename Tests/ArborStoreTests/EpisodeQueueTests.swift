import ArborCore
import ArborStore
import ArborStorePostgres
import ArborTesting
import Foundation
import Synchronization
import Testing

/// The episode queue on a real PostgreSQL server: claims under contention, heartbeats, and re-queueing a claim whose
/// worker went quiet. One server for the suite; a database of its own for each test.
@Suite("Episode queue", .serialized, .postgresServer) struct EpisodeQueueTests {
    func queue() throws -> (EpisodeQueue, String) {
        let url = try #require(TestPostgres.current).createDatabase()
        return (try EpisodeQueue(PostgresLocation(url: url)), url)
    }

    @Test("six claimers racing over sixty episodes never get the same episode, and get them all")
    func concurrentClaims() throws {
        let (queue, url) = try queue()
        defer { queue.close() }
        try queue.enqueue(run: 1, tasks: (0..<60).map { ("task-\($0)", "Do \($0).") })
        let claimers = try (0..<6).map { _ in try EpisodeQueue(PostgresLocation(url: url)) }
        defer { for claimer in claimers { claimer.close() } }
        let workers = try claimers.enumerated().map { index, claimer in
            try claimer.register(host: "host\(index)", pid: Int32(100 + index))
        }
        let claims = ClaimLog()
        DispatchQueue.concurrentPerform(iterations: claimers.count) { index in
            while let claim = try? claimers[index].claim(worker: workers[index]) { claims.add(claim) }
        }
        let all = claims.all
        #expect(all.count == 60)
        #expect(Set(all.map(\.episode)) == Set(0..<60))
        #expect(
            all.allSatisfy { $0.attempt == 1 && $0.taskID == "task-\($0.episode)" && $0.task == "Do \($0.episode)." })
        #expect(try queue.counts(run: 1) == QueueCounts(running: 60))
        // Each worker finishes what it claimed; the queue and the workers' tallies agree.
        for claim in all {
            let index = try #require(workers.firstIndex(of: claim.worker))
            #expect(try claimers[index].finish(claim, failed: claim.episode == 7))
        }
        #expect(try queue.counts(run: 1) == QueueCounts(done: 59, failed: 1))
        // Whoever asks first ends the run, once.
        let ends = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: claimers.count) { index in
            if (try? claimers[index].takeRunEnd(run: 1)) == true { ends.withLock { $0 += 1 } }
        }
        #expect(ends.withLock { $0 } == 1)
        let fleet = try queue.workers()
        #expect(fleet.map(\.host) == (0..<6).map { "host\($0)" })
        #expect(fleet.map { $0.done + $0.failures }.reduce(0, +) == 60)
        #expect(fleet.map(\.failures).reduce(0, +) == 1)
        #expect(try queue.claim(worker: workers[0]) == nil)
    }

    @Test("a worker waiting for work is woken by an enqueue, a finish and a release on other connections")
    func waitingWorkerIsWoken() async throws {
        let (waiter, url) = try queue()
        defer { waiter.close() }
        let other = try EpisodeQueue(PostgresLocation(url: url))
        defer { other.close() }
        // The first wait starts listening and returns at once; with nothing changing, the next one times out.
        #expect(await waiter.waitForChange(timeout: .seconds(30)))
        #expect(await waiter.waitForChange(timeout: .milliseconds(100)) == false)
        // Each change wakes it long before its 30 s (a broken notification would fail here, after 30 s).
        try other.enqueue(run: 2, tasks: [("a", "Do a."), ("b", "Do b.")])
        #expect(await waiter.waitForChange(timeout: .seconds(30)))
        let worker = try other.register(host: "h", pid: 1)
        let first = try #require(try other.claim(worker: worker))
        #expect(await waiter.waitForChange(timeout: .milliseconds(100)) == false)  // a claim is no change for waiters
        #expect(try other.finish(first))
        #expect(await waiter.waitForChange(timeout: .seconds(30)))
        let second = try #require(try other.claim(worker: worker))
        #expect(try other.release(second))
        #expect(await waiter.waitForChange(timeout: .seconds(30)))
        #expect(await waiter.waitForChange(timeout: .milliseconds(100)) == false)
    }

    @Test("a claim whose worker stopped heartbeating is re-queued once, however many workers look at once")
    func staleClaimRequeuedOnce() throws {
        let (queue, url) = try queue()
        defer { queue.close() }
        try queue.enqueue(run: 4, tasks: [("a", "Do a."), ("b", "Do b.")])
        let quiet = try queue.register(host: "lost", pid: 1)
        let alive = try queue.register(host: "here", pid: 2)
        let lost = try #require(try queue.claim(worker: quiet, run: 4))
        #expect(lost.episode == 0 && lost.attempt == 1)
        Thread.sleep(forTimeInterval: 1.5)
        let kept = try #require(try queue.claim(worker: alive, run: 4))
        #expect(kept.episode == 1)
        #expect(try queue.heartbeat(worker: alive) == [kept])

        let lookers = try (0..<4).map { _ in try EpisodeQueue(PostgresLocation(url: url)) }
        defer { for looker in lookers { looker.close() } }
        let found = AbandonedLog()
        DispatchQueue.concurrentPerform(iterations: lookers.count) { index in
            if let abandoned = try? lookers[index].requeueStale(after: 1.0) { found.add(abandoned) }
        }
        #expect(found.all == [AbandonedAttempt(run: 4, episode: 0, attempt: 1, requeued: true)])
        #expect(try queue.counts(run: 4) == QueueCounts(waiting: 1, running: 1))

        // The lost worker learns it holds nothing, and cannot end the attempt it lost.
        #expect(try queue.heartbeat(worker: quiet) == [])
        #expect(try queue.finish(lost) == false)
        // The next claim runs the episode again, as attempt 2.
        #expect(try queue.takeRunEnd(run: 4) == false)
        let again = try #require(try queue.claim(worker: alive, run: 4))
        #expect(again == EpisodeClaim(run: 4, episode: 0, taskID: "a", task: "Do a.", attempt: 2, worker: alive))
        #expect(try queue.finish(again))
        #expect(
            try queue.attempts(run: 4) == [
                EpisodeAttempt(episode: 0, attempt: 1, worker: quiet, outcome: "abandoned"),
                EpisodeAttempt(episode: 0, attempt: 2, worker: alive, outcome: "done"),
                EpisodeAttempt(episode: 1, attempt: 1, worker: alive, outcome: "running"),
            ])
        let fleet = try queue.workers()
        #expect(fleet.map(\.claimed) == [[], [HeldEpisode(run: 4, episode: 1)]])
        #expect(fleet.map(\.done) == [0, 1])
    }

    @Test("an episode whose workers keep vanishing fails after three attempts instead of looping")
    func attemptsRunOut() throws {
        let (queue, _) = try queue()
        defer { queue.close() }
        try queue.enqueue(run: 1, tasks: [("poison", "Never ends.")])
        let worker = try queue.register(host: "h", pid: 3)
        var outcomes: [Bool] = []
        for _ in 1...EpisodeQueue.maxAttempts {
            _ = try #require(try queue.claim(worker: worker))
            outcomes += try queue.requeueStale(after: -1).map(\.requeued)
        }
        #expect(outcomes == [true, true, false])
        #expect(try queue.counts() == QueueCounts(failed: 1))
        #expect(try queue.claim(worker: worker) == nil)
    }
}

/// Claims gathered from several threads.
private final class ClaimLog: Sendable {
    private let claims = Mutex<[EpisodeClaim]>([])
    func add(_ claim: EpisodeClaim) { claims.withLock { $0.append(claim) } }
    var all: [EpisodeClaim] { claims.withLock { $0 } }
}

/// Abandoned attempts gathered from several threads.
private final class AbandonedLog: Sendable {
    private let found = Mutex<[AbandonedAttempt]>([])
    func add(_ attempts: [AbandonedAttempt]) { found.withLock { $0 += attempts } }
    var all: [AbandonedAttempt] { found.withLock { $0 } }
}
