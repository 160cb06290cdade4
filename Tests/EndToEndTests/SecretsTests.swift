import ArborTesting
import Foundation
import MockModelServer
import Testing

/// The API key reaches the model server in its header and nowhere else: not the store, not what is printed, even
/// when the server echoes it in an error body; and an external environment starts without it unless passed on
/// purpose with --pass-env.
@Suite(.serialized) struct SecretsTests {
    @Test func theKeyIsRedactedAndWithheldFromEnvironmentChildren() throws {
        let secret = "sk-echoed-\(UUID().uuidString)"
        let server = try MockModelServer { request in
            let header = request.headers["authorization"] ?? "none"
            return MockStep.response(
                status: 401, body: #"{"error":{"message":"invalid key in header '\#(header)'"}}"#)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.db").path
        var environment = ProcessInfo.processInfo.environment
        environment["OPENAI_API_KEY"] = "sk-default-\(UUID().uuidString)"
        environment["ARBOR_TEST_KEY"] = secret
        environment["ARBOR_HARMLESS"] = "kept"

        func run(dump: String, extra: [String] = []) throws -> ProcessResult {
            let child = "exec:sh -c 'env > \(dump); exec python3 \(textAdventure)'"
            return try runArbor(
                [
                    "run", "--db", db, "--env", child, "--agent", "openai", "--base-url", server.baseURL,
                    "--model", "mock", "--api-key-env", "ARBOR_TEST_KEY", "--method", "mcts", "--tasks", "1",
                    "--iterations", "1", "--max-steps", "1", "--samples", "1", "--value-samples", "1",
                ] + extra, environment: environment)
        }
        let withheld = folder.appendingPathComponent("withheld.env").path
        let first = try run(dump: withheld)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(server.requests.contains { $0.headers["authorization"] == "Bearer \(secret)" })

        // The echoed key is stored and printed as [API key].
        let events = try runArbor(["events", db, "--run", "1"])
        #expect(events.stdout.contains("invalid key in header 'Bearer [API key]'"), "\(events.stdout)")
        var everything = first.stdout + first.stderr + events.stdout
        everything += try runArbor(["calls", db, "--run", "1"]).stdout
        everything += try runArbor(["export", db, "--run", "1", "--format", "markdown"]).stdout
        #expect(!everything.contains(secret))
        let stored = try [db, db + "-wal"].compactMap { path -> Data? in
            FileManager.default.fileExists(atPath: path) ? try Data(contentsOf: URL(fileURLWithPath: path)) : nil
        }
        #expect(stored.allSatisfy { $0.range(of: Data(secret.utf8)) == nil })

        // The child got neither key variable, but everything else.
        let variables = try String(contentsOfFile: withheld, encoding: .utf8).split(separator: "\n")
        #expect(variables.contains("ARBOR_HARMLESS=kept"))
        #expect(!variables.contains { $0.hasPrefix("ARBOR_TEST_KEY=") || $0.hasPrefix("OPENAI_API_KEY=") })

        // Passed on purpose, it arrives.
        let passed = folder.appendingPathComponent("passed.env").path
        let second = try run(dump: passed, extra: ["--pass-env", "ARBOR_TEST_KEY"])
        #expect(second.status == 0, "\(second.stderr)")
        let given = try String(contentsOfFile: passed, encoding: .utf8).split(separator: "\n")
        #expect(given.contains("ARBOR_TEST_KEY=\(secret)"))
        #expect(!given.contains { $0.hasPrefix("OPENAI_API_KEY=") })
    }
}
