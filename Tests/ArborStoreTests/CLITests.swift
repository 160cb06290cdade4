import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

/// The commands that read a store print the same bytes for a file and for a server (`--db`'s PostgreSQL URL).
@Suite("arbor runs and arbor events, run as a user would", .postgresServer)
struct CLITests {
    /// A new store at a new location on `backend`, holding two runs with exact times: one finished with two episodes
    /// (one success), one still running.
    func makeStore(on backend: StoreBackend, in folder: TemporaryFolder) throws -> String {
        let location = try backend.newLocation(in: folder)
        let store = try backend.open(location, clock: TickingClock(start: 1_700_000_000).now)
        let first = try store.startRun(
            RunStarted(environment: "miniweb", model: "offline", method: "rmcts-debate", seed: 7), blobs: [])
        for episode in 0..<2 {
            first.append(.episodeStarted(EpisodeStarted(episode: episode, taskID: "shop/\(episode)", task: "Buy")))
            first.append(
                .episodeEnded(
                    EpisodeEnded(
                        episode: episode, success: episode == 0, reward: 1, estimatedSuccess: 0.5, steps: 2,
                        reason: .stopped)))
        }
        try first.finish()
        let second = try store.startRun(
            RunStarted(environment: "puzzle", model: "qwen2.5-7b", method: "greedy", seed: 1), blobs: [])
        try second.flush()
        store.close()
        return location
    }

    @Test("arbor --version and --help")
    func versionAndHelp() throws {
        let version = try runArbor(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        let help = try runArbor(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: Run, watch, steer and replay R-MCTS searches of LLM agents."))
        for command in ["runs", "events", "calls", "run", "bench"] {
            #expect(help.stdout.contains("\n  \(command) "), "--help does not list \(command)")
        }
        #expect(!help.stdout.contains("_store-writer"))
    }

    @Test("arbor runs prints a table, and JSON with --json", arguments: StoreBackend.allCases)
    func runs(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let path = try makeStore(on: backend, in: folder)
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

    @Test("arbor events prints JSON lines from a seq", arguments: StoreBackend.allCases)
    func events(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let path = try makeStore(on: backend, in: folder)
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

    @Test(
        "arbor calls sums a run's model calls per role, with cost where the model has a price",
        arguments: StoreBackend.allCases)
    func calls(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let (store, path) = try backend.newStore(in: folder)
        let recorder = try store.startRun(
            RunStarted(environment: "miniweb", model: "gpt", method: "rmcts-debate", seed: 1), blobs: [])
        let calls = [
            ModelCallRecord(
                episode: 0, node: 0, role: .policy, model: "gpt", tokensIn: 1200, tokensOut: 300, latencyMs: 1500,
                costUSD: 0.25),
            ModelCallRecord(
                episode: 0, node: 1, role: .judge, model: "local", tokensIn: 800, tokensOut: 2, latencyMs: 250),
            ModelCallRecord(
                episode: 0, node: 1, role: .policy, model: "gpt", tokensIn: 1000, tokensOut: 200, latencyMs: 0,
                cached: true, costUSD: 0.125),
            ModelCallRecord(
                episode: 0, node: 2, role: .judge, model: "local", tokensIn: 0, tokensOut: 0, latencyMs: 30_000,
                error: "timed out"),
        ]
        for call in calls { recorder.append(.modelCall(call)) }
        try recorder.finish()
        store.close()

        let table = try runArbor(["calls", path, "--run", "1"])
        #expect(table.status == 0)
        #expect(
            table.stdout == """
                ROLE    MODEL  CALLS  CACHED  ERRORS  TOKENS IN  TOKENS OUT  SECONDS  COST ($)
                policy  gpt        2       1       0       2200         500      1.5    0.3750
                judge   local      2       0       1        800           2     30.2         -
                total              4       1       1       3000         502     31.8    0.3750

                """)
        let json = try runArbor(["calls", path, "--run", "1", "--json"])
        #expect(
            json.stdout == """
                {"role":"policy","model":"gpt","calls":2,"cached":1,"errors":0,"tokensIn":2200,"tokensOut":500,"latencyMs":1500,"costUSD":0.375}
                {"role":"judge","model":"local","calls":2,"cached":0,"errors":1,"tokensIn":800,"tokensOut":2,"latencyMs":30250,"costUSD":null}

                """)
        let unknown = try runArbor(["calls", path, "--run", "2"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "arbor: run 2 is not in this store. `arbor runs` lists the runs it has.\n")
    }

    @Test("bad flags exit 2 and an unknown run exits 1, each with one line on stderr", arguments: StoreBackend.allCases)
    func errors(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let path = try makeStore(on: backend, in: folder)
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
        let unknownRun = try runArbor(["events", path, "--run", "9"])
        #expect(unknownRun.status == 1)
        #expect(unknownRun.stderr == "arbor: run 9 is not in this store. `arbor runs` lists the runs it has.\n")
    }

    @Test("a file that is not an SQLite database exits 1 with one line on stderr")
    func notADatabase() throws {
        let folder = try TemporaryFolder()
        let text = folder.file("notes.txt")
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: text))
        let badFile = try runArbor(["runs", text])
        #expect(badFile.status == 1)
        #expect(
            badFile.stderr
                == "arbor: \(text) is not an SQLite database (it does not start with the SQLite header). "
                + "Check the path, or name a new file to create a store.\n")
    }
}
