import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

/// The same commands, the same messages and the same output on a file and on a server.
@Suite("arbor annotate, annotations, export and diff, run as a user would", .postgresServer)
struct ExportCLITests {
    @Test("annotate and list, as text and JSON, with history", arguments: StoreBackend.allCases)
    func annotate(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let path = try backend.newLocation(in: folder)
        _ = try storeWithOneEpisode(path, on: backend)
        let made = try runArbor(
            [
                "annotate", path, "--run", "1", "--episode", "1", "--node", "2", "--path", "--label", "good", "--note",
                "nice", "--tag", "t1", "--author", "ana",
            ])
        #expect(made.status == 0)
        #expect(made.stdout.hasPrefix("#1 run 1 episode 1 node 2 (trajectory 0→2) good \"nice\" [t1] by ana at "))
        let edited = try runArbor(["annotate", path, "--edit", "1", "--label", "bad", "--author", "bo", "--json"])
        #expect(edited.status == 0)
        #expect(edited.stdout.contains("\"label\":\"bad\",\"node\":2,\"note\":\"nice\",\"path\":[0,2],\"run\":1,"))
        let list = try runArbor(["annotations", path, "--run", "1"])
        #expect(list.stdout.split(separator: "\n").count == 1)
        #expect(list.stdout.contains(" bad \"nice\" [t1] by bo at ") && list.stdout.hasSuffix("(edits #1)\n"))
        let history = try runArbor(["annotations", path, "--history", "--json"])
        #expect(history.stdout.split(separator: "\n").count == 2)
    }

    @Test("a bad run id, format, filter or run name exits 2 with one line", arguments: StoreBackend.allCases)
    func badArguments(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let path = try backend.newLocation(in: folder)
        _ = try storeWithOneEpisode(path, on: backend)
        let cases: [([String], String)] = [
            (
                ["export", path, "--run", "7", "--format", "sft"],
                "run 7 is not in this store. `arbor runs` lists the runs it has."
            ),
            (
                ["export", path, "--run", "1", "--format", "csv"],
                "unknown format 'csv'; choose one of: trajectories, sft, exploratory, preferences, markdown, dot"
            ),
            (
                ["export", path, "--run", "1", "--format", "sft", "--filter", "best"],
                "unknown filter 'best'; choose one of: success, good, all"
            ),
            (
                ["export", path, "--run", "1", "--format", "dot", "--episode", "3"],
                "--episode 3: episodes count from 1; run 1 has episodes 1 to 1."
            ),
            (
                ["export", path, "--run", "1", "--format", "dot", "--episode", "0"],
                "--episode 0: episodes count from 1; run 1 has episodes 1 to 1."
            ),
            (
                ["annotate", path, "--run", "1", "--episode", "0", "--label", "good"],
                "--episode 0: episodes count from 1; run 1 has episodes 1 to 1."
            ),
            (
                ["annotate", path, "--run", "7", "--label", "good"],
                "run 7 is not in this store. `arbor runs` lists the runs it has."
            ),
            (
                ["annotate", path, "--run", "1", "--episode", "1", "--node", "9", "--label", "good"],
                "episode 1 of run 1 has no node 9 (its nodes are 0 to 3)."
            ),
            (["annotations", path, "--run", "7"], "run 7 is not in this store. `arbor runs` lists the runs it has."),
            (["diff", path + ":1", path], "'\(path)' does not name a run: write FILE:RUN, e.g. runs.db:1."),
            (["diff", path + ":1", path + ":5"], "run 5 is not in this store. `arbor runs` lists the runs it has."),
            (
                ["diff", path + ":1", path + ":1", "--json", "--tui"],
                "--json and --tui are two ways to show the comparison: pick one."
            ),
            (
                ["diff", path + ":1", path + ":5", "--tui"],
                "run 5 is not in this store. `arbor runs` lists the runs it has."
            ),
        ]
        for (arguments, message) in cases {
            let result = try runArbor(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout == "")
            #expect(result.stderr == "arbor: \(message)\n")
        }
    }

    @Test(
        "export writes the file it names; diff of a run with itself finds no divergence",
        arguments: StoreBackend.allCases)
    func exportAndDiff(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let path = try backend.newLocation(in: folder)
        _ = try storeWithOneEpisode(path, on: backend)
        let out = folder.file("t.jsonl")
        let written = try runArbor(["export", path, "--run", "1", "--format", "trajectories", "-o", out])
        #expect(written.status == 0)
        #expect(written.stdout == "wrote trajectories of run 1 to \(out) (1 lines)\n")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(
            text == """
                {"episode":0,"estimatedSuccess":1,"finalObservation":"(none)","reason":"stopped","reward":1,"run":1,\
                "steps":[],"success":true,"task":"Buy","taskID":"shop/1"}

                """)
        let diff = try runArbor(["diff", path + ":1", path + ":1"])
        #expect(
            diff.stdout == """
                A = \(path):1
                B = \(path):1

                TASK    A        B        STEPS A/B  CALLS A/B  FIRST DIVERGENCE
                shop/1  success  success  0/0        0/0        same

                successes: A 1/1 · B 1/1

                """)
    }
}
