import ArborCore
import ArborTesting
import Foundation
import GRDB
import Testing

@testable import ArborStore

extension HeavyStoreTests {
    /// A writer that dies leaves whole batches and a run the next writer ends as interrupted, in a file and on a
    /// server alike. What differs is how a reader learns the writer is gone: a file's writer is a process on the same
    /// host, dead as soon as it is gone; a server's is silent for 30 seconds (docs/scale.md).
    @Suite("Crashes and interrupted runs", .postgresServer)
    struct CrashTests {
        /// Makes `run`'s writer look gone to readers and writers: in a file, a process id that is alive but not the
        /// writer's (its token differs); on a server, a heartbeat an hour old, as an hour of silence leaves it.
        static func pretendWriterGone(run: RunID, in tables: RawTables) throws {
            switch tables.backend {
            case .sqlite:
                try tables.execute("UPDATE runs SET writer_pid = \(getpid()), writer_token = 'gone' WHERE id = \(run)")
            case .postgresql:
                try tables.execute(
                    "UPDATE runs SET heartbeat_at = COALESCE(heartbeat_at, started_at) - 3600 WHERE id = \(run)")
            }
        }

        @Test(
            "a writer killed with SIGKILL leaves a sound store, whole batches, and a run marked interrupted",
            arguments: StoreBackend.allCases)
        func killedWriter(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let location = try backend.newLocation(in: folder)
            let process = Process()
            process.executableURL = try arborExecutable()
            process.arguments = ["_store-writer", location]
            process.standardOutput = FileHandle.nullDevice
            try process.run()

            // Wait until a few batches are committed, then kill it mid-write.
            var committed = 0
            for _ in 0..<1000 where committed < 3000 {
                usleep(10_000)
                guard backend == .postgresql || FileManager.default.fileExists(atPath: location),
                    let viewer = try? backend.open(location, mode: .readOnly)
                else { continue }
                committed = Int((try? viewer.runs().first?.lastSeq) ?? 0)
                viewer.close()
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(committed >= 3000)

            // Before any writer reopens it: every committed event in place, the run still marked running.
            let tables = RawTables(backend: backend, location: location)
            let seqs = try tables.rows("SELECT seq FROM events WHERE run = 1 ORDER BY seq").compactMap {
                $0["seq"]?.integer
            }
            #expect(seqs.count >= committed)
            #expect(seqs == Array(1...Int64(seqs.count)))
            #expect(try tables.rows("SELECT status FROM runs WHERE id = 1").first?["status"]?.text == "running")
            switch backend {
            case .sqlite:
                // A file's own check of its pages: a server keeps its pages to itself.
                #expect(try tables.rows("PRAGMA integrity_check").map { $0.values.first?.text } == ["ok"])
                // Readers see at once that nobody writes it any more: the process is gone.
                #expect(try backend.open(location, mode: .readOnly).run(1).writerGone)
            case .postgresql:
                // A process id on another host says nothing: the run is gone once its heartbeat is 30 seconds old.
                #expect(try backend.open(location, mode: .readOnly).run(1).writerGone == false)
                try Self.pretendWriterGone(run: 1, in: tables)
                #expect(try backend.open(location, mode: .readOnly).run(1).writerGone)
            }
            let listed = try runArbor(["runs", location])
            #expect(listed.stdout.contains("  interrupted (writer gone)  "), "\(listed.stdout)")
            let json = try runArbor(["runs", location, "--json"])
            #expect(json.stdout.contains("\"status\":\"running\"") && json.stdout.contains("\"writerGone\":true"))

            let store = try backend.open(location)
            defer { store.close() }
            let run = try store.run(1)
            #expect(run.status == .interrupted)
            let log = try store.log(run: 1)
            #expect(log.count == seqs.count + 1)
            #expect(log.last?.event == .runEnded(RunEnded(status: .interrupted)))
            #expect(log.last?.time == run.endedAt)
            let folded = try RunState(log)
            #expect(folded.status == .interrupted)
        }

        @Test(
            "a run another live writer is recording is left running; one whose writer is gone is interrupted",
            arguments: StoreBackend.allCases)
        func liveWriterKeepsItsRun(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let (first, location) = try backend.newStore(in: folder)
            defer { first.close() }
            let live = try first.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 1), blobs: [])
            live.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "t")))
            try live.flush()
            // The second run's writer stops for good (closed without ending its run, as a killed one would).
            let other = try backend.open(location)
            let dead = try other.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 2), blobs: [])
            try other.flush()
            other.close()
            try Self.pretendWriterGone(run: dead.run, in: RawTables(backend: backend, location: location))

            let second = try backend.open(location)
            defer { second.close() }
            #expect(try second.runs().map(\.status) == [.running, .interrupted])
            live.append(
                .episodeEnded(
                    EpisodeEnded(episode: 0, success: true, reward: 1, estimatedSuccess: 1, steps: 1, reason: .stopped)
                ))
            try live.finish()
            #expect(try second.runs().map(\.status) == [.finished, .interrupted])
            #expect(try second.run(live.run).successRate == 1)
        }
    }
}
