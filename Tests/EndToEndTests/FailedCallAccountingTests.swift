import ArborTesting
import Foundation
import MockModelServer
import Testing

/// Every request sent to a model — failed, retried or answered — is a `modelCall` with its error, so `arbor calls`
/// counts what a misbehaving server cost.
@Suite(.serialized) struct FailedCallAccountingTests {
    static let reply =
        #"{"id":"x","object":"chat.completion","model":"mock","choices":[{"index":0,"message":{"role":"assistant","content":"In summary, the next action I will perform is ```scroll down```"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}"#

    /// The server's answer to request `index` (from 0), and the error its calls record.
    static func answer(_ mode: String, _ index: Int) -> [MockStep] {
        switch mode {
        case "500": MockStep.response(status: 500, body: #"{"error":{"message":"the model crashed"}}"#)
        case "429":
            MockStep.response(
                status: 429, body: #"{"error":{"message":"slow down"}}"#, headers: ["Retry-After": "0"])
        case "garbage": MockStep.response(status: 200, body: "<html>not json</html>")
        default:
            // One failure, then answers: the failed attempt is counted though the call succeeded.
            index == 0
                ? MockStep.response(status: 503, body: #"{"error":{"message":"warming up"}}"#)
                : MockStep.response(status: 200, body: reply)
        }
    }

    /// `policy` is how many policy calls the run records and `errors` how many of them failed: a node whose expansion
    /// gave no action is expanded again, up to three times (`maxExpansions`), so a server that fails for good is asked
    /// three times over (each with its retries) before the episode ends, and the policy's are the only calls then.
    @Test(arguments: [("500", 12, 12), ("429", 12, 12), ("garbage", 3, 3), ("503 then answers", 4, 1)])
    func everyAttemptIsCountedWithItsError(mode: String, policyCalls: Int, errors: Int) throws {
        let server = try MockModelServer { request in Self.answer(mode, request.index) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-calls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.db").path
        let run = try runArbor([
            "run", "--db", db, "--agent", "openai", "--base-url", server.baseURL, "--model", "mock", "--method",
            "mcts", "--tasks", "1", "--iterations", "1", "--max-steps", "1", "--samples", "1", "--value-samples", "1",
            "--no-cache",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let calls = try runArbor(["calls", db, "--run", "1", "--json"])
        #expect(calls.status == 0, "\(calls.stderr)")
        let rows = calls.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        let policy = try #require(rows.first { $0["role"] as? String == "policy" })
        #expect(policy["calls"] as? Int == policyCalls)
        #expect(policy["errors"] as? Int == errors)
        let total = rows.reduce(0) { $0 + ($1["calls"] as? Int ?? 0) }
        #expect(total == server.requests.count, "one modelCall per request the server saw")

        let table = try runArbor(["calls", db, "--run", "1"])
        let totalLine = table.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(totalLine.hasPrefix("total"))
        #expect(totalLine.split(separator: " ").dropFirst().first.map(String.init) == String(server.requests.count))
    }

    /// The summary `arbor run` prints counts every model call of the run, the reflections made after an episode
    /// (which belong to no episode) too, as `arbor calls` does: it once said 1729 where the log held 1737.
    @Test func theRunSummaryCountsReflectionCallsToo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-calls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.db").path
        let run = try runArbor([
            "run", "--db", db, "--method", "rmcts-debate", "--seed", "7", "--tasks", "2", "--iterations", "3",
            "--max-steps", "3", "--samples", "4", "--value-samples", "2", "--judge-samples", "1",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("method ") })
        let summary = lines[header + 1].split(separator: " ")
        let table = try runArbor(["calls", db, "--run", "1"])
        let rows = table.stdout.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(rows.contains { $0.first == "reflector" }, "the run made reflection calls: \(table.stdout)")
        let total = try #require(rows.last { $0.first == "total" })
        #expect(summary[5] == total[1], "summary \(summary), calls \(total)")
    }
}
