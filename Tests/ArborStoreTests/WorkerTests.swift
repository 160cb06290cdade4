import ArborCore
import ArborStore
import ArborStorePostgres
import ArborTesting
import Foundation
import Testing

/// `arbor run --enqueue` and `arbor worker` processes on one queue in a real PostgreSQL server: every episode run
/// exactly once, a killed worker's episode run again by another, lessons shared. One server for the suite.
@Suite("Workers", .serialized, .postgresServer) struct WorkerTests {
    /// MiniWeb with the offline agent, small budgets.
    static let settings = [
        "--method", "rmcts", "--iterations", "4", "--samples", "5", "--value-samples", "2", "--max-steps", "4",
        "--seed", "11",
    ]

    func database() throws -> String { try #require(TestPostgres.current).createDatabase() }

    func enqueue(_ url: String, tasks: Int, _ extra: [String] = []) throws {
        let queued = try runArbor(["run", "--db", url, "--enqueue", "--tasks", String(tasks)] + Self.settings + extra)
        #expect(queued.status == 0, "\(queued.stderr)")
        #expect(queued.stdout.hasPrefix("run 1 · queued \(tasks) episodes · "))
    }

    func startWorker(_ url: String, _ extra: [String] = []) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = try arborExecutable()
        process.arguments = ["worker", "--db", url, "--run", "1"] + extra
        let output = privatePipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return (process, output)
    }

    func finish(_ worker: (Process, Pipe)) -> (status: Int32, output: String) {
        let text = String(decoding: worker.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        worker.0.waitUntilExit()
        return (worker.0.terminationStatus, text)
    }

    /// The run's log folded, after checking its seqs are 1…n without a gap.
    func folded(_ url: String) throws -> (state: RunState, log: [EventRecord]) {
        let store = try RunStores.open(url, mode: .readOnly, existing: true)
        defer { store.close() }
        let log = try store.log(run: 1)
        #expect(log.map(\.seq) == Array(1...Int64(log.count)))
        return (try RunState(log), log)
    }

    @Test("four worker processes on one queue finish every episode exactly once, and the last ends the run")
    func fourWorkers() throws {
        let url = try database()
        try enqueue(url, tasks: 8)
        let workers = try (0..<4).map { _ in try startWorker(url) }
        let results = workers.map(finish)
        for result in results { #expect(result.status == 0, "\(result.output)") }
        // Each episode was reported by exactly one worker, and the run was ended by one of them.
        let lines = results.flatMap { $0.output.split(separator: "\n") }
        let ran = lines.filter { $0.hasPrefix("run 1 ep ") }.compactMap { $0.split(separator: " ")[3] }
        #expect(ran.sorted() == (1...8).map { Substring(String($0)) }.sorted())
        #expect(lines.filter { $0 == "run 1 finished: every queued episode has ended" }.count == 1)

        let (state, log) = try folded(url)
        #expect(state.episodes.count == 8 && state.abandonedAttempts.isEmpty)
        #expect(state.orderedEpisodes.allSatisfy { $0.outcome != nil && $0.attempt == 1 })
        #expect(state.status == .finished)
        #expect(log.filter { $0.event.kind == .runEnded }.count == 1)
        #expect(log.filter { $0.event.kind == .episodeStarted }.count == 8)

        let queue = try EpisodeQueue(PostgresLocation(url: url))
        defer { queue.close() }
        #expect(try queue.counts(run: 1) == QueueCounts(done: 8))
        #expect(try queue.attempts(run: 1).map(\.outcome) == Array(repeating: "done", count: 8))
        let fleet = try queue.workers()
        #expect(fleet.count == 4 && fleet.allSatisfy(\.stopped))
        #expect(fleet.map(\.done).reduce(0, +) == 8)
        let store = try RunStores.open(url, mode: .readOnly, existing: true)
        defer { store.close() }
        #expect(try store.run(1).status == .finished)
        #expect(try store.run(1).episodes == 8)
    }
}

extension WorkerTests {
    @Test(
        "a worker killed with SIGKILL mid-episode has its episode re-queued and completed by another, kept and marked")
    func killedWorker() throws {
        let url = try database()
        // Longer searches, so that an episode is still running when its worker is stopped.
        try enqueue(url, tasks: 3, ["--iterations", "40", "--method", "rmcts-debate"])
        let doomed = try startWorker(url, ["--timeout", "2"])
        let queue = try EpisodeQueue(PostgresLocation(url: url))
        defer { queue.close() }
        // Stop the worker while it holds an episode whose end is not in the log, then kill it.
        var victim: Int?
        let deadline = Date().addingTimeInterval(180)
        // Synchronous waits: inside the whole suite the other tests keep the two threads of Swift's cooperative pool
        // busy, and a `Task.sleep` here resumed only after the worker had finished every episode.
        while victim == nil, Date() < deadline {
            usleep(50_000)
            guard let held = try queue.episodes(run: 1).first(where: { $0.state == .running }) else { continue }
            kill(doomed.0.processIdentifier, SIGSTOP)
            let (state, _) = try folded(url)
            if state.episodes[held.episode] != nil, state.episodes[held.episode]?.outcome == nil {
                victim = held.episode
            } else {
                kill(doomed.0.processIdentifier, SIGCONT)
            }
        }
        let episode = try #require(victim, "the worker never held an episode mid-search")
        kill(doomed.0.processIdentifier, SIGKILL)
        let killed = finish(doomed)
        #expect(killed.status == SIGKILL)

        let rescuer = finish(try startWorker(url, ["--timeout", "2"]))
        #expect(rescuer.status == 0, "\(rescuer.output)")
        #expect(rescuer.output.contains("run 1 ep \(episode + 1) (attempt 2) "))

        let (state, log) = try folded(url)
        #expect(state.status == .finished)
        #expect(state.episodes.count == 3 && state.orderedEpisodes.allSatisfy { $0.outcome != nil })
        #expect(state.episodes[episode]?.attempt == 2)
        let abandoned = try #require(state.abandonedAttempts[episode])
        #expect(abandoned.map(\.attempt) == [1] && abandoned[0].outcome == nil)
        #expect(state.abandonedAttempts.count == 1)
        // Each attempt's events run from its start to its end (or, abandoned, to where its worker stopped); the
        // episode is counted once.
        let starts = log.filter {
            if case .episodeStarted(let e) = $0.event { e.episode == episode } else { false }
        }
        #expect(starts.count == 2)
        let ends = log.filter { if case .episodeEnded(let e) = $0.event { e.episode == episode } else { false } }
        #expect(ends.count == 1 && ends[0].seq > starts[1].seq)
        #expect(try queue.counts(run: 1) == QueueCounts(done: 3))
        let attempts = try queue.attempts(run: 1).filter { $0.episode == episode }
        #expect(attempts.map(\.attempt) == [1, 2] && attempts.map(\.outcome) == ["abandoned", "done"])
        let store = try RunStores.open(url, mode: .readOnly, existing: true)
        defer { store.close() }
        #expect(try store.run(1).episodes == 3)
    }
}

extension WorkerTests {
    @Test("a queued run reads as queued however long it waits; once nothing is queued, the next writer ends it")
    func queuedRunWithoutWorkers() throws {
        let url = try database()
        try enqueue(url, tasks: 3)
        func status() throws -> String {
            let listed = try runArbor(["runs", url])
            #expect(listed.status == 0, "\(listed.stderr)")
            return listed.stdout
        }
        #expect(try status().contains("  queued (3 waiting)  "))
        // An hour without a heartbeat: no worker has come, but nothing is gone.
        let session = try PostgresSession.connect(PostgresLocation(url: url))
        defer { session.close() }
        try session.execute("UPDATE runs SET heartbeat_at = heartbeat_at - 3600")
        #expect(try status().contains("  queued (3 waiting)  "))
        // A writer opening the store leaves a queued run alone.
        try PostgresRunStore.open(PostgresLocation(url: url)).close()
        #expect(try status().contains("  queued (3 waiting)  "))
        let json = try runArbor(["runs", url, "--json"])
        #expect(json.stdout.contains("\"waitingEpisodes\":3"), "\(json.stdout)")
        // With no episode left waiting, a silent run is what it was before: its writer is gone.
        try session.execute("DELETE FROM queue")
        #expect(try status().contains("  interrupted (writer gone)  "))
        // The next writer to open the store ends it, once, as a file's next writer does.
        let before = try folded(url).log.count
        for _ in 0..<2 { try PostgresRunStore.open(PostgresLocation(url: url)).close() }
        let (state, log) = try folded(url)
        #expect(state.status == .interrupted)
        #expect(log.count == before + 1)
        #expect(log.last?.event == .runEnded(RunEnded(status: .interrupted)))
        #expect(try status().contains("  interrupted  "))
    }

    /// Whatever earlier runs lend (`--lessons-from`), a run's own lessons are always its episodes' to draw on, as in
    /// one `arbor run`.
    @Test(
        "a lesson one worker learns is retrieved by another worker's next episode of the same run",
        arguments: ["same-env", "none"])
    func sharedLessons(lessonsFrom: String) async throws {
        let url = try database()
        try enqueue(url, tasks: 6, ["--iterations", "12", "--method", "rmcts-debate", "--lessons-from", lessonsFrom])
        // Both start together, before any lesson exists: what one learns reaches the other only through the store.
        let workers = try (0..<2).map { _ in try startWorker(url) }
        for result in workers.map(finish) { #expect(result.status == 0, "\(result.output)") }
        let queue = try EpisodeQueue(PostgresLocation(url: url))
        defer { queue.close() }

        let (state, log) = try folded(url)
        #expect(state.status == .finished && state.episodes.count == 6)
        let ids = try queue.workers().map(\.id)
        #expect(ids.count == 2)
        let ranBy = Dictionary(uniqueKeysWithValues: try queue.attempts(run: 1).map { ($0.episode, $0.worker) })
        var createdBy: [String: Int64] = [:]
        var retrievedBy: [Int64: Set<String>] = [:]
        for record in log {
            switch record.event {
            case .reflectionCreated(let e): createdBy[e.reflection.id] = ranBy[e.episode]
            case .reflectionsRetrieved(let e): retrievedBy[ranBy[e.episode] ?? 0, default: []].formUnion(e.ids)
            default: break
            }
        }
        // A worker's searches used lessons that only the other worker's episodes had made.
        let crossed = ids.filter { worker in
            let learnedByOther = Set(createdBy.filter { $0.value != worker }.keys)
            return !(retrievedBy[worker] ?? []).isDisjoint(with: learnedByOther)
        }
        #expect(!createdBy.isEmpty)
        #expect(!crossed.isEmpty, "no worker retrieved a lesson the other learned: \(createdBy), \(retrievedBy)")
    }
}

extension WorkerTests {
    @Test("watch on a server with a queue shows the queue and the workers under the runs, live")
    func fleetView() throws {
        let url = try database()
        try enqueue(url, tasks: 3, ["--iterations", "40", "--method", "rmcts-debate"])
        let tmux = try Tmux(
            width: 100, height: 30,
            command: ["sh", "-c", "'\(try arborExecutable().path)' watch '\(url)'; echo exit=$?"])
        defer { tmux.close() }
        let waiting = try tmux.waitFor { $0.contains { $0.hasPrefix("queue  waiting 3  running 0  done 0  failed 0") } }
        #expect(waiting.contains { $0.hasPrefix("   1  ") && $0.contains("running") }, "\(waiting)")
        #expect(waiting.contains { $0.hasPrefix("No workers yet.") }, "\(waiting.joined(separator: "\n"))")

        let worker = try startWorker(url)
        // Held still while it holds an episode (its episodes can all end between two of the view's readings), then
        // let go once the view has shown it.
        let queue = try EpisodeQueue(PostgresLocation(url: url))
        defer { queue.close() }
        let deadline = Date().addingTimeInterval(120)
        var held = false
        while !held, Date() < deadline {
            usleep(20_000)
            guard try queue.episodes(run: 1).contains(where: { $0.state == .running }) else { continue }
            kill(worker.0.processIdentifier, SIGSTOP)
            held = try queue.episodes(run: 1).contains { $0.state == .running }
            if !held { kill(worker.0.processIdentifier, SIGCONT) }
        }
        #expect(held, "the worker never held an episode")
        let busy = try tmux.waitFor { screen in
            screen.contains { $0.contains("running 1") } && screen.contains { $0.contains("  run 1 ep ") }
        }
        kill(worker.0.processIdentifier, SIGCONT)
        #expect(busy.contains { $0.contains("running 1") }, "\(busy.joined(separator: "\n"))")
        let line = try #require(busy.first { $0.contains("  run 1 ep ") })
        #expect(line.contains("\(worker.0.processIdentifier)"))
        #expect(finish(worker).status == 0)

        let done = try tmux.waitFor { $0.contains { $0.hasPrefix("queue  waiting 0  running 0  done 3  failed 0") } }
        let row = try #require(done.first { $0.contains("\(worker.0.processIdentifier)") }, "\(done)")
        #expect(row.contains("stopped") && row.hasSuffix("3       0"), "\(row)")
        #expect(done.contains { $0.hasPrefix("   1  ") && $0.contains("finished") }, "\(done.joined(separator: "\n"))")
        try tmux.send(keys: "q")
        let end = try tmux.waitFor { $0.contains { $0.hasPrefix("exit=") } }
        #expect(end.contains("exit=0"))
    }
}

extension WorkerTests {
    @Test("bench workers runs every episode of each row, each row's run without earlier runs' lessons")
    func benchWorkersRows() throws {
        let url = try database()
        let folder = try TemporaryFolder()
        let bench = try runArbor(
            ["bench", "workers", "--db", url, "--folder", folder.path, "--workers", "1", "2", "--", "--tasks", "3"]
                + Self.settings)
        #expect(bench.status == 0, "\(bench.stderr)")
        let rows = bench.stdout.split(separator: "\n").filter { $0.contains("episodes/s") }
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.contains("(3 episodes in ") })
        #expect(rows.count == 3 && rows[0].hasPrefix("SQLite, one process (arbor run) "))
        #expect(rows.count == 3 && rows[1].hasPrefix("PostgreSQL, 1 worker (run 1) "))
        #expect(rows.count == 3 && rows[2].hasPrefix("PostgreSQL, 2 workers (run 2) "))
        // Both queued runs were recorded with no lesson source: the second did not draw on the first's lessons.
        let store = try RunStores.open(url, mode: .readOnly, existing: true)
        defer { store.close() }
        for run in [RunID(1), 2] {
            guard case .runStarted(let started) = try store.events(run: run, from: 1, limit: 1).first?.event else {
                Issue.record("run \(run) has no start")
                continue
            }
            #expect(started.config["lessonsFrom"] == "none")
        }
    }
}

extension WorkerTests {
    @Test("a run's own lessons reach its next episodes even when an earlier run made the same lessons first")
    func lessonsMadeAgain() throws {
        let url = try database()
        let settings = Self.settings + ["--tasks", "3", "--iterations", "12", "--method", "rmcts-debate"]
        // Two runs of the same seeded settings, no lessons lent, each run by one worker: the second makes the same
        // lessons as the first, whose rows in `reflections` name run 1.
        for run in 1...2 {
            let queued = try runArbor(["run", "--db", url, "--enqueue", "--lessons-from", "none"] + settings)
            #expect(queued.status == 0, "\(queued.stderr)")
            let worker = Process()
            worker.executableURL = try arborExecutable()
            worker.arguments = ["worker", "--db", url, "--run", String(run)]
            let output = privatePipe()
            worker.standardOutput = output
            worker.standardError = output
            try worker.run()
            #expect(finish((worker, output)).status == 0)
        }
        let store = try RunStores.open(url, mode: .readOnly, existing: true)
        defer { store.close() }
        func lessons(_ run: RunID) throws -> (made: [String], retrieved: [[String]]) {
            var made: [String] = []
            var retrieved: [[String]] = []
            for record in try store.log(run: run) {
                switch record.event {
                case .reflectionCreated(let e): made.append(e.reflection.id)
                case .reflectionsRetrieved(let e): retrieved.append(e.ids)
                default: break
                }
            }
            return (made, retrieved)
        }
        let (first, second) = (try lessons(1), try lessons(2))
        #expect(!first.made.isEmpty && second.made == first.made)
        #expect(first.retrieved.contains { !$0.isEmpty }, "run 1's episodes retrieved none of their run's lessons")
        // The second run drew on its own lessons exactly as the first did, though their rows name run 1.
        #expect(second.retrieved == first.retrieved)
    }
}
