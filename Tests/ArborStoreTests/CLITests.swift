import ArborTesting
import ArborCore
import Foundation
import Testing

@testable import ArborStore

@Suite("arbor runs and arbor events, run as a user would")
struct CLITests {
    /// Two runs with exact times: one finished with two episodes (one success), one still running.
    func makeStore(_ path: String) throws {
        let store = try RunStore.open(path: path, clock: TickingClock(start: 1_700_000_000).now)
        let first = try store.startRun(RunStarted(environment: "miniweb", model: "offline", method: "rmcts-debate", seed: 7))
        for episode in 0..<2 {
            first.append(.episodeStarted(EpisodeStarted(episode: episode, taskID: "shop/\(episode)", task: "Buy")))
            first.append(
                .episodeEnded(
                    EpisodeEnded(
                        episode: episode, success: episode == 0, reward: 1, estimatedSuccess: 0.5, steps: 2,
                        reason: "stopped")))
        }
        try first.finish()
        let second = try store.startRun(RunStarted(environment: "puzzle", model: "qwen2.5-7b", method: "greedy", seed: 1))
        try second.flush()
        store.close()
    }

    @Test("arbor runs prints a table, and JSON with --json")
    func runs() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        try makeStore(path)
        let table = try runArbor(["runs", path])
        #expect(table.status == 0)
        #expect(table.stderr == "")
        #expect(
            table.stdout == """
                ID  STARTED (UTC)        ENVIRONMENT  MODEL       METHOD        STATUS    EPISODES  SUCCESS
                 1  2023-11-14 22:13:20  miniweb      offline     rmcts-debate  finished         2    50.0%
                 2  2023-11-14 22:13:20  puzzle       qwen2.5-7b  greedy        running          0        -

                """)
        let json = try runArbor(["runs", path, "--json"])
        #expect(json.status == 0)
        #expect(
            json.stdout == """
                {"id":1,"startedAt":1700000000.001,"endedAt":1700000000.006,"status":"finished","environment":"miniweb","model":"offline","method":"rmcts-debate","seed":7,"episodes":2,"endedEpisodes":2,"successes":1,"successRate":0.5,"lastSeq":6}
                {"id":2,"startedAt":1700000000.007,"endedAt":null,"status":"running","environment":"puzzle","model":"qwen2.5-7b","method":"greedy","seed":1,"episodes":0,"endedEpisodes":0,"successes":0,"successRate":null,"lastSeq":1}

                """)
    }

    @Test("arbor events prints JSON lines from a seq")
    func events() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        try makeStore(path)
        let result = try runArbor(["events", path, "--run", "1", "--from", "4"])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                {"seq":4,"time":1700000000.004,"kind":"episodeStarted","episode":1,"node":0,"payload":{"episode":1,"task":"Buy","taskID":"shop/1"}}
                {"seq":5,"time":1700000000.005,"kind":"episodeEnded","episode":1,"node":null,"payload":{"episode":1,"estimatedSuccess":0.5,"reason":"stopped","reward":1,"steps":2,"success":false}}
                {"seq":6,"time":1700000000.006,"kind":"runEnded","episode":null,"node":null,"payload":{"status":"finished"}}

                """)
        // --follow on a finished run prints the rest and stops at runEnded.
        let followed = try runArbor(["events", path, "--run", "1", "--from", "6", "--follow"])
        #expect(followed.status == 0)
        #expect(followed.stdout.split(separator: "\n").map { $0.prefix(9) } == ["{\"seq\":6,"])
    }

    @Test("bad flags exit 2, bad files and runs exit 1, each with one line on stderr")
    func errors() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        try makeStore(path)
        let badFlag = try runArbor(["events", path, "--run", "1", "--bogus"])
        #expect(badFlag.status == 2)
        #expect(badFlag.stdout == "")
        #expect(badFlag.stderr == "arbor: Unknown option '--bogus'\n")
        let badFrom = try runArbor(["events", path, "--run", "1", "--from", "0"])
        #expect(badFrom.status == 2)
        #expect(badFrom.stderr == "arbor: --from must be 1 or more (seqs start at 1).\n")
        let missingRun = try runArbor(["events", path])
        #expect(missingRun.status == 2)
        #expect(missingRun.stderr == "arbor: Missing expected argument '--run <run>'\n")

        let text = folder.file("notes.txt")
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: text))
        let badFile = try runArbor(["runs", text])
        #expect(badFile.status == 1)
        #expect(
            badFile.stderr
                == "arbor: \(text) is not an SQLite database (it does not start with the SQLite header). "
                + "Check the path, or name a new file to create a store.\n")
        let unknownRun = try runArbor(["events", path, "--run", "9"])
        #expect(unknownRun.status == 1)
        #expect(unknownRun.stderr == "arbor: run 9 is not in this store. `arbor runs` lists the runs it has.\n")
    }
}
