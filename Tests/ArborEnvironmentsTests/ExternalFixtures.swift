import ArborEnvironments
import Foundation

/// Paths and scratch space for tests that start real environment processes.
struct ExternalFixtures {
    /// The repository's `adapters/python`, found from this file's path.
    static let adapters = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("adapters/python").path

    let directory: String
    var log: String { directory + "/env.log" }
    var pidFile: String { directory + "/pid" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-external-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    func configuration(_ arguments: [String], timeouts: ExternalTimeouts = ExternalTimeouts()) throws
        -> ExternalEnvironmentConfiguration
    {
        ExternalEnvironmentConfiguration(
            command: try ExternalCommand(arguments: arguments), logFile: log, timeouts: timeouts)
    }

    func example(_ name: String, _ extra: [String] = []) throws -> ExternalEnvironmentConfiguration {
        try configuration(["python3", "\(Self.adapters)/examples/\(name).py"] + extra)
    }

    /// A raw-protocol child (no adapter) that behaves until its first `step`, then misbehaves as `mode` says:
    /// `Tests/Fixtures/fault_env.py`, shared with the end-to-end fault tests.
    static let faultyScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/fault_env.py").standardized.path

    /// What the faulty child shows after `reset`.
    static let faultyFirstPage = "Tab: Rooms\nURL: http://rooms/0\n[1] link 'Next room'\n[2] link 'Last room'"

    func childPID() throws -> Int32 {
        Int32(try String(contentsOfFile: pidFile, encoding: .utf8)) ?? -1
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let gymnasiumInstalled = (try? run(["python3", "-c", "import gymnasium"])) == 0
}
