import ArborTesting
import Foundation
import Testing

/// The real-model path end to end: `arbor run --agent openai` against a real small model (SmolLM2-135M behind
/// llama.cpp's server, started by `make test-llm`). Enabled only when ARBOR_LLM_BASE_URL names the server.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ARBOR_LLM_BASE_URL"] != nil))
struct RealModelRunTests {
    @Test func rmctsDebateRunsAgainstARealModel() throws {
        let base = try #require(ProcessInfo.processInfo.environment["ARBOR_LLM_BASE_URL"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-llm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = folder.appendingPathComponent("runs.db").path
        let result = try runArbor([
            "run", "--db", db, "--env", "miniweb", "--method", "rmcts-debate", "--agent", "openai", "--base-url", base,
            "--model", "smollm2", "--tasks", "3", "--iterations", "3", "--max-steps", "2", "--samples", "4",
            "--value-samples", "2", "--judge-samples", "1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("[") }.count == 3)
        let events = try runArbor(["events", db, "--run", "1"]).stdout
        // Every role of the debate method was called, with tokens counted.
        for role in ["policy", "supporter", "opponent", "judge"] {
            #expect(events.contains("\"role\":\"\(role)\""), "no \(role) call recorded")
        }
        #expect(!events.contains("\"tokensOut\":0,"), "every call counts the tokens it produced")
        #expect(events.contains("\"kind\":\"debate\""))
        #expect(events.split(separator: "\n").last?.contains("\"kind\":\"runEnded\"") == true)
        let runs = try runArbor(["runs", db]).stdout
        #expect(runs.contains("smollm2") && runs.contains("finished"))
    }
}
