import ArborTesting
import Foundation
import Testing

/// The adapter's text adventure example, found from this file's path.
let textAdventure = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../adapters/python/examples/text_adventure.py").standardized.path

/// `arbor run --env exec:…`: the engine drives a Python environment over the JSON-lines protocol, recording to a
/// store; actions the environment refuses become dead ends, not crashes.
@Test func runSearchesAnExternalPythonEnvironment() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-exec-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let db = folder.appendingPathComponent("runs.db").path
    let example = textAdventure
    let result = try runArbor([
        "run", "--db", db, "--env", "exec:python3 \(example)", "--tasks", "2", "--iterations", "4", "--samples", "5",
        "--value-samples", "2", "--judge-samples", "1",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.first?.hasPrefix("run 1 · rmcts-debate on exec:python3 ") == true)
    #expect(lines.filter { $0.hasPrefix("[") }.count == 2)
    let events = try runArbor(["events", db, "--run", "1"])
    #expect(events.status == 0)
    let kinds = events.stdout.split(separator: "\n").compactMap { line -> String? in
        guard let range = line.range(of: #""kind":"[a-zA-Z]+""#, options: .regularExpression) else { return nil }
        return String(line[range].dropFirst(8).dropLast())
    }
    #expect(kinds.filter { $0 == "episodeEnded" }.count == 2)
    #expect(kinds.contains("observed") && kinds.contains("debate") && kinds.last == "runEnded")
    // The page the agent saw came from the Python child.
    #expect(events.stdout.contains("\"kind\":\"observed\""))
    let log = folder.appendingPathComponent("arbor-environment.log")
    #expect(FileManager.default.fileExists(atPath: log.path), "the child's stderr goes to a log file, not the terminal")
}

/// `--env NAME` finds `[environments.NAME]` in the working directory's arbor.toml.
@Test func runFindsANamedEnvironmentInArborToml() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-toml-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let example = textAdventure
    try "[environments.adventure]\ncommand = \"python3 \(example)\"\n".write(
        to: folder.appendingPathComponent("arbor.toml"), atomically: true, encoding: .utf8)
    let arguments = [
        "--tasks", "1", "--iterations", "2", "--samples", "3", "--value-samples", "1", "--judge-samples", "1",
    ]
    let named = try runArbor(["run", "--db", "runs.db", "--env", "adventure"] + arguments, in: folder)
    #expect(named.status == 0, "\(named.stderr)")
    #expect(named.stdout.hasPrefix("run 1 · rmcts-debate on adventure "))
    let missing = try runArbor(["run", "--db", "runs.db", "--env", "elsewhere"] + arguments, in: folder)
    #expect(missing.status == 2)
    #expect(
        missing.stderr
            == "arbor: unknown environment 'elsewhere'; choose one of: miniweb, miniweb:classifieds, miniweb:shopping, "
            + "miniweb:forum, puzzle, exec:\"COMMAND\", or a name from [environments] in arbor.toml\n")
}

/// Without an arbor.toml in the working directory, `--env NAME` is looked up in `~/.config/arbor/arbor.toml`.
@Test func runFindsANamedEnvironmentInTheHomeConfig() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-home-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let config = root.appendingPathComponent("home/.config/arbor")
    let work = root.appendingPathComponent("work")
    try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let example = textAdventure
    try "[environments.house]\ncommand = \"python3 \(example)\"\n".write(
        to: config.appendingPathComponent("arbor.toml"), atomically: true, encoding: .utf8)
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = root.appendingPathComponent("home").path
    let result = try runArbor(
        ["run", "--db", "runs.db", "--env", "house", "--method", "greedy", "--tasks", "1", "--samples", "2"],
        environment: environment, in: work)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("run 1 · greedy on house "))
}

/// Flags for a model behind an API, given without `--agent openai`, are refused instead of quietly searching with the
/// offline agent; nothing is recorded.
@Test func modelFlagsWithTheOfflineAgentAreRefused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-agent-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for flags in [["--model", "qwen"], ["--base-url", "http://127.0.0.1:9/v1"], ["--embedding-model", "e5"]] {
        let result = try runArbor(["run", "--db", "runs.db", "--tasks", "1"] + flags, in: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "arbor: \(flags[0]) is for a model behind an API, but this run uses the offline agent: add --agent openai\n"
        )
    }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("runs.db").path))
}
