import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

/// `arbor run --prompts DIR`, run as a user would: a bad template stops the run before anything is recorded; a good
/// one is used, and every template's text is recorded with the run.
@Suite("arbor run --prompts") struct PromptsCLITests {
    static let runArguments = [
        "--tasks", "1", "--method", "mcts", "--iterations", "2", "--samples", "3", "--value-samples", "2",
        "--max-steps", "1",
    ]

    @Test("a misspelt placeholder is an error naming file and line, and nothing is recorded")
    func misspeltPlaceholder() throws {
        let folder = try TemporaryFolder()
        let prompts = folder.file("prompts")
        try FileManager.default.createDirectory(atPath: prompts, withIntermediateDirectories: true)
        try "Rubric for {{taks}}\n".write(toFile: prompts + "/value-rubric.txt", atomically: true, encoding: .utf8)
        let path = folder.file("runs.db")
        let run = try runArbor(["run", "--db", path, "--prompts", prompts] + Self.runArguments)
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "arbor: value-rubric.txt line 1: unknown placeholder {{taks}}; this template can use {{task}}. "
                + "Fix the name or remove the tag.\n")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("the run uses the directory's template and records every template's text")
    func overrideIsUsedAndRecorded() throws {
        let folder = try TemporaryFolder()
        let prompts = folder.file("prompts")
        try FileManager.default.createDirectory(atPath: prompts, withIntermediateDirectories: true)
        let rubric = "MY RUBRIC PROMPT for {{task}}\n"
        try rubric.write(toFile: prompts + "/value-rubric.txt", atomically: true, encoding: .utf8)
        let path = folder.file("runs.db")
        let run = try runArbor(["run", "--db", path, "--prompts", prompts] + Self.runArguments)
        #expect(run.status == 0, "\(run.stderr)")

        let store = try RunStore.open(path: path, mode: .readOnly)
        defer { store.close() }
        let state = try RunState(store.log(run: 1))
        let started = try #require(state.started)
        let recorded = try #require(started.prompts)
        #expect(
            recorded.keys.sorted()
                == [
                    "judge.txt", "opponent.txt", "policy-expectation.txt", "policy-lesson.txt", "policy.txt",
                    "supporter.txt", "value-reflection.txt", "value-rubric.txt", "value.txt",
                ])
        let rubricRef = try #require(recorded["value-rubric.txt"])
        #expect(try store.blob(rubricRef) == rubric)
        let shippedJudge = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../prompts/judge.txt"), encoding: .utf8)
        let judgeRef = try #require(recorded["judge.txt"])
        #expect(try store.blob(judgeRef) == shippedJudge)
        // The rubric call (the first value-role call of the episode) was asked with the directory's template.
        let calls = try store.log(run: 1).compactMap { if case .modelCall(let call) = $0.event { call } else { nil } }
        let firstValue = try #require(calls.first { $0.role == .value })
        let promptRef = try #require(firstValue.prompt)
        #expect(try store.blob(promptRef)?.hasPrefix("MY RUBRIC PROMPT for ") == true)
    }

    @Test("a fork asks with its parent's recorded templates, even once the directory is gone")
    func forkKeepsTheParentsTemplates() throws {
        let folder = try TemporaryFolder()
        let prompts = folder.file("prompts")
        try FileManager.default.createDirectory(atPath: prompts, withIntermediateDirectories: true)
        let rubric = "PARENT RUBRIC for {{task}}\n"
        try rubric.write(toFile: prompts + "/value-rubric.txt", atomically: true, encoding: .utf8)
        let path = folder.file("runs.db")
        let arguments = ["--tasks", "1", "--method", "mcts", "--iterations", "3", "--samples", "4", "--max-steps", "3"]
        let run = try runArbor(["run", "--db", path, "--prompts", prompts] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        try FileManager.default.removeItem(atPath: prompts)

        let node: NodeID
        do {
            let store = try RunStore.open(path: path, mode: .readOnly)
            defer { store.close() }
            let tree = try #require(try RunState(store.log(run: 1)).episodes[0])
            node = try #require(tree.nodes.first { $0.depth == 1 && $0.observation != nil && !$0.terminal }).id
        }
        let fork = try runArbor(["fork", path, "--run", "1", "--node", "#\(node.rawValue)", "--iterations", "2"])
        #expect(fork.status == 0, "\(fork.stderr)")
        let store = try RunStore.open(path: path, mode: .readOnly)
        defer { store.close() }
        let started = try #require(try RunState(store.log(run: 2)).started)
        let rubricRef = try #require(started.prompts?["value-rubric.txt"])
        #expect(try store.blob(rubricRef) == rubric)
    }
}
