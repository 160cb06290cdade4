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

    /// A raw-protocol child (no adapter) that behaves until its first `step`, then misbehaves as `mode` says.
    func faultyScript() throws -> String {
        let path = directory + "/fault_env.py"
        try Self.faultyEnvironment.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

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

    private static let faultyEnvironment = """
        import json, os, sys, time
        mode, pidfile = sys.argv[1], sys.argv[2]
        with open(pidfile, "w") as f:
            f.write(str(os.getpid()))
        sys.stderr.write("fault-env starting in mode %s\\n" % mode)
        sys.stderr.flush()

        def send(obj):
            sys.stdout.write(json.dumps(obj) + "\\n")
            sys.stdout.flush()

        for line in sys.stdin:
            req = json.loads(line)
            rid, op = req["id"], req["op"]
            if op == "hello":
                send({"id": rid, "ok": True, "protocol": 1, "name": "fault-env", "action_grammar": "anything",
                      "capabilities": {"snapshot": False}})
            elif op == "reset":
                send({"id": rid, "ok": True, "observation": "ready", "task": "do it"})
            elif op == "close":
                send({"id": rid, "ok": True})
                break
            elif mode == "exit":
                sys.exit(3)
            elif mode == "hang":
                time.sleep(3600)
            elif mode == "garbage":
                print("hello there")
                sys.stdout.flush()
            elif mode == "error":
                send({"id": rid, "ok": False, "error": {"code": "crashed", "message": "the simulator lost its state"}})
            elif mode == "wrong-id":
                send({"id": rid + 100, "ok": True, "observation": "late"})
            elif mode == "no-observation":
                send({"id": rid, "ok": True, "reward": 1})
        """
}
