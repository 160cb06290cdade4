import ArborTesting
import Foundation
import Testing

/// A value out of range is one line naming the flag and what it takes, exit 2, before anything is created.
@Suite struct CommandLineValuesTests {
    @Test(arguments: [
        (["--tasks", "-1"], "arbor: --tasks must be 1 or more\n"),
        (["--tasks", "0"], "arbor: --tasks must be 1 or more\n"),
        (
            ["--iterations", "-3"],
            "arbor: --iterations, --max-steps, --samples, --branching and the sample counts must be 1 or more\n"
        ),
        (["--env-timeout", "-1"], "arbor: --env-timeout must be a number of seconds above 0\n"),
        (["--max-observation-bytes", "100"], "arbor: --max-observation-bytes must be 1024 or more\n"),
        (["--step-seconds", "0"], "arbor: --step-seconds must be a number of seconds above 0\n"),
        (["--step-seconds", "nan"], "arbor: --step-seconds must be a number of seconds above 0\n"),
        (["--token-budget", "-5"], "arbor: --token-budget must be 1 or more\n"),
        (["--parallel", "-2"], "arbor: --parallel must be 1 or more\n"),
        (["--simulations", "0"], "arbor: --simulations must be 1 (one at a time) or more; it was 0\n"),
        (["--max-concurrent-requests", "0"], "arbor: --max-concurrent-requests must be 1 or more; it was 0\n"),
        (
            ["--step-reward-weight", "-1"],
            "arbor: --step-reward-weight must be 0 (step rewards not searched on) or a number above 0\n"
        ),
        (
            ["--step-reward-weight", "inf"],
            "arbor: --step-reward-weight must be 0 (step rewards not searched on) or a number above 0\n"
        ),
        (
            ["--seed", "-1"],
            "arbor: The value '-1' is invalid for '--seed <seed>': --seed must be a whole number from 0 to 9007199254740991\n"
        ),
        (
            ["--seed", "9007199254740992"],
            "arbor: The value '9007199254740992' is invalid for '--seed <seed>': --seed must be a whole number from 0 to 9007199254740991\n"
        ),
        (["--db", ""], "arbor: --db must name a file, e.g. runs.db\n"),
        (
            ["--db", String(repeating: "a", count: 300)],
            "arbor: --db: a file name may be at most 251 bytes (SQLite adds -wal beside it); this one has 300\n"
        ),
        (
            ["--tasks", "100000"],
            "arbor: --tasks 100000 is more than the test split of miniweb holds: choose 1 to 123\n"
        ),
    ])
    func aValueOutOfRangeIsOneLineNamingTheFlag(_ arguments: [String], _ message: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-values-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = arguments.contains("--db") ? [] : ["--db", folder.appendingPathComponent("runs.db").path]
        let result = try runArbor(["run"] + db + arguments, in: folder)
        #expect(result.stderr == message)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing is created")
    }
}
