import ArborCore
import ArborStore
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
            "--model", "smollm2", "--tasks", "3", "--iterations", "3", "--max-steps", "2", "--samples", "6",
            "--samples-per-request", "4",
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

        // Per role: calls, tokens both ways, from the model_calls table.
        let calls = try runArbor(["calls", db, "--run", "1", "--json"]).stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(
            Set(calls.compactMap { $0["role"] as? String }).isSuperset(of: ["policy", "supporter", "opponent", "judge"])
        )
        #expect(calls.allSatisfy { ($0["tokensIn"] as? Int ?? 0) > 0 && ($0["tokensOut"] as? Int ?? 0) > 0 })
        #expect(calls.allSatisfy { $0["model"] as? String == "smollm2" && $0["cached"] as? Int == 0 })

        // The transcripts are the model's own text: every debater turn on the principal variation has some.
        let report = try runArbor(["export", db, "--run", "1", "--format", "markdown"]).stdout
        let turns = report.split(separator: "\n").filter {
            $0.hasPrefix("- **supporter**") || $0.hasPrefix("- **opponent**")
        }
        #expect(!turns.isEmpty)
        #expect(
            turns.allSatisfy {
                $0.split(separator: ":", maxSplits: 1).last.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                    ?? false
            })
        print("real-model run:\n\(result.stdout)\n" + turns.prefix(4).joined(separator: "\n"))
    }

    /// MiniWoB++ in headless Chromium searched by the real model: one task, a small budget. A 135M model seldom
    /// solves it; what must hold is the path: the page and MiniWoB's own instruction reach the policy, its answers
    /// are read by the adapter's grammar, the episode ends with MiniWoB's verdict, and no browser is left behind.
    @Test(.enabled(if: miniwobInstalled, "chromium, chromium-driver or the miniwob package is missing"))
    func mctsSearchesAMiniwobTaskWithARealModel() throws {
        let base = try #require(ProcessInfo.processInfo.environment["ARBOR_LLM_BASE_URL"])
        let run = try MiniWoBRun([
            "--split", "test", "--task", "click-test-2/1000", "--method", "mcts", "--agent", "openai", "--base-url",
            base, "--model", "smollm2", "--samples-per-request", "4", "--iterations", "2", "--samples", "4",
            "--value-samples", "1", "--max-steps", "1", "--terminal-verdict", "environment",
        ])
        defer { run.remove() }
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(BrowserMark.processes(run.mark).isEmpty, "every Chromium of the run is gone")

        let store = try RunStore.open(path: run.db, mode: .readOnly)
        let events = try store.log(run: RunID(1)).map(\.event)
        let started = events.compactMap { if case .episodeStarted(let e) = $0 { e } else { nil } }
        #expect(started.map(\.task) == ["Click button ONE."])
        let calls = events.compactMap { if case .modelCall(let e) = $0 { e } else { nil } }
        let policy = try #require(calls.first { $0.role == .policy })
        let promptRef = try #require(policy.prompt)
        let prompt = try #require(try store.blob(promptRef))
        #expect(prompt.contains("Click button ONE.") && prompt.contains("[4] button 'ONE'"), "\(prompt)")
        #expect(prompt.contains("click [ref]"), "the adapter's grammar is in the prompt")
        let ended = events.compactMap { if case .episodeEnded(let e) = $0 { e } else { nil } }
        try #require(ended.count == 1)
        #expect(ended[0].success == (ended[0].reward == 1))
        #expect(events.last?.kind == .runEnded)
        print("real model on MiniWoB click-test-2/1000: \(ended[0]) after \(calls.count) calls")
    }
}
