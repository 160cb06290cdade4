import ArborCore
import ArborTesting
import Foundation
import GRDB
import Testing

@testable import ArborStore

extension HeavyStoreTests {
    @Suite("Crashes and interrupted runs")
    struct CrashTests {
        @Test("a writer killed with SIGKILL leaves a sound file, whole batches, and a run marked interrupted")
        func killedWriter() throws {
            let folder = try TemporaryFolder()
            let path = folder.file("runs.db")
            let process = Process()
            process.executableURL = try arborExecutable()
            process.arguments = ["_store-writer", path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()

            // Wait until a few batches are committed, then kill it mid-write.
            var committed = 0
            for _ in 0..<1000 where committed < 3000 {
                usleep(10_000)
                guard FileManager.default.fileExists(atPath: path),
                    let viewer = try? RunStore.open(path: path, mode: .readOnly)
                else { continue }
                committed = Int((try? viewer.runs().first?.lastSeq) ?? 0)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(committed >= 3000)

            // Before any writer reopens it: sound, and every committed event in place.
            let queue = try DatabaseQueue(path: path)
            let (integrity, seqs, status) = try queue.read { db in
                (
                    try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                    try Int64.fetchAll(db, sql: "SELECT seq FROM events WHERE run = 1 ORDER BY seq"),
                    try String.fetchOne(db, sql: "SELECT status FROM runs WHERE id = 1")
                )
            }
            try queue.close()
            #expect(integrity == ["ok"])
            #expect(seqs.count >= committed)
            #expect(seqs == Array(1...Int64(seqs.count)))
            #expect(status == "running")

            // Readers see at once that nobody writes it any more, before any writer records the interruption.
            #expect(try RunStore.open(path: path, mode: .readOnly).run(1).writerGone)
            let listed = try runArbor(["runs", path])
            #expect(listed.stdout.contains("  interrupted (writer gone)  "), "\(listed.stdout)")
            let json = try runArbor(["runs", path, "--json"])
            #expect(json.stdout.contains("\"status\":\"running\"") && json.stdout.contains("\"writerGone\":true"))

            let store = try RunStore.open(path: path)
            let run = try store.run(1)
            #expect(run.status == .interrupted)
            let log = try store.log(run: 1)
            #expect(log.count == seqs.count + 1)
            #expect(log.last?.event == .runEnded(RunEnded(status: .interrupted)))
            #expect(log.last?.time == run.endedAt)
            let folded = try RunState(log)
            #expect(folded.status == .interrupted)
        }

        @Test("a run another live writer is recording is left running; one whose writer is gone is interrupted")
        func liveWriterKeepsItsRun() throws {
            let folder = try TemporaryFolder()
            let path = folder.file("runs.db")
            let first = try RunStore.open(path: path)
            let live = try first.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 1))
            live.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "t")))
            try live.flush()
            let dead = try first.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 2))
            try first.flush()
            // Pretend the second run's writer was a process that has since exited.
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(
                    sql: "UPDATE runs SET writer_pid = ?, writer_token = 'gone' WHERE id = ?",
                    arguments: [getpid(), dead.run])
            }
            try queue.close()

            let second = try RunStore.open(path: path)
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
