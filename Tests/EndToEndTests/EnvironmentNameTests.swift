import ArborTesting
import Foundation
import Testing

/// `arbor runs` calls an external environment by the name its `hello` gave, not by the command that started it.
@Test func runsListAnExternalEnvironmentByItsOwnName() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-name-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let db = folder.appendingPathComponent("runs.db").path
    let result = try runArbor([
        "run", "--db", db, "--env", "exec:python3 \(textAdventure)", "--tasks", "1", "--method", "greedy",
        "--samples", "2",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let table = try runArbor(["runs", db])
    let row = try #require(table.stdout.split(separator: "\n").dropFirst().first)
    #expect(row.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).first == "text-adventure")
    let json = try runArbor(["runs", db, "--json"])
    #expect(json.stdout.contains("\"environment\":\"exec:python3 "))
    #expect(json.stdout.contains("\"environmentName\":\"text-adventure\""))
}
