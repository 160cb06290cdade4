import ArborTesting
import Foundation
import Testing

/// `arbor run --task`, `--tasks-from` and `--tasks`: tasks by id or glob, from an offset, and a count larger than the
/// split said out loud.
@Suite("Choosing a run's tasks")
struct TaskChoiceCLITests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-tasks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func run(_ arguments: [String]) throws -> ProcessResult {
        try runArbor(
            ["run", "--db", folder.appendingPathComponent("runs.db").path, "--env", "puzzle", "--method", "greedy"]
                + arguments)
    }

    /// The task ids of the progress lines, in order.
    func ran(_ result: ProcessResult) -> [String] {
        result.stdout.split(separator: "\n").filter { $0.hasPrefix("[") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("puzzle/") }.map(String.init)
        }
    }

    @Test func tasksByIdAndGlobFromAnOffset() throws {
        let result = try run([
            "--task", "puzzle/countdown/10[3-5]", "--task", "puzzle/countdown/100", "--tasks-from", "1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ran(result) == ["puzzle/countdown/103", "puzzle/countdown/104", "puzzle/countdown/105"])
        let counted = try run(["--tasks-from", "8", "--tasks", "1"])
        #expect(ran(counted) == ["puzzle/countdown/108"])
    }

    @Test func moreTasksThanTheSplitHoldsIsRefusedWithTheNumberItHolds() throws {
        let result = try run(["--tasks", "50"])
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("--tasks 50 is more than the test split of puzzle holds: choose 1 to 10\n"))
        let offset = try run(["--tasks-from", "8", "--tasks", "3"])
        #expect(
            offset.stderr.hasSuffix("--tasks 3 is more than the test split of puzzle has from task 8: choose 1 to 2\n"))
    }

    @Test func aTaskThatMatchesNothingIsAnErrorThatShowsTheIds() throws {
        let result = try run(["--task", "countdown/1*"])
        #expect(result.status != 0)
        #expect(
            result.stderr
                == "arbor: --task countdown/1* matches no task of the test split (10 tasks; ids like "
                + "puzzle/countdown/100, puzzle/countdown/101, puzzle/countdown/102). `*` and `?` are wildcards; try "
                + "--split train if the task is there.\n")
        let past = try run(["--tasks-from", "10"])
        #expect(
            past.stderr
                == "arbor: --tasks-from 10 is past the last of the 10 tasks chosen from the test split; give a number "
                + "below 10\n")
    }
}
