import ArborTesting
import Foundation
import MockModelServer
import Testing

/// `arbor run --agent openai` keeps the model's answers in the run store: the same configuration run again asks the
/// server nothing, `--cache-only` runs from the store alone, `--no-cache` asks again; the key never reaches the file.
@Test func aRerunReplaysModelAnswersFromTheStore() throws {
    let reply =
        #"{"id":"x","object":"chat.completion","model":"mock","choices":[{"index":0,"message":{"role":"assistant","content":"Progress: 0.6. Verdict: B. In summary, the next action I will perform is ```scroll down```"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}"#
    let server = try MockModelServer { _ in MockStep.response(status: 200, body: reply) }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-cache-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let db = folder.appendingPathComponent("runs.db").path
    let secret = "sk-test-\(UUID().uuidString)"
    var environment = ProcessInfo.processInfo.environment
    environment["ARBOR_TEST_KEY"] = secret
    let arguments = [
        "run", "--db", db, "--agent", "openai", "--base-url", server.baseURL, "--model", "mock",
        "--api-key-env", "ARBOR_TEST_KEY", "--method", "mcts", "--tasks", "1", "--iterations", "2", "--max-steps", "2",
        "--samples", "2", "--value-samples", "1",
    ]
    let first = try runArbor(arguments, environment: environment)
    #expect(first.status == 0, "\(first.stderr)")
    let asked = server.requests.count
    #expect(asked > 0)

    let second = try runArbor(arguments, environment: environment)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(server.requests.count == asked, "the rerun is answered from the store")

    let cacheOnly = try runArbor(arguments + ["--cache-only"], environment: environment)
    #expect(cacheOnly.status == 0, "\(cacheOnly.stderr)")
    #expect(server.requests.count == asked)

    let fresh = try runArbor(arguments + ["--no-cache"], environment: environment)
    #expect(fresh.status == 0, "\(fresh.stderr)")
    #expect(server.requests.count > asked, "--no-cache asks the server again")

    // The key went to the server in the Authorization header, and nowhere into the store.
    #expect(server.requests.contains { $0.headers["authorization"] == "Bearer \(secret)" })
    let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
    let wal = (try? Data(contentsOf: URL(fileURLWithPath: db + "-wal"))) ?? Data()
    #expect(bytes.range(of: Data(secret.utf8)) == nil && wal.range(of: Data(secret.utf8)) == nil)
}
