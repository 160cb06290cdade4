import ArborTesting
import Foundation
import Testing

/// `arbor watch --control` steers a run in another process through the commands table: `.` in the watcher steps
/// the paused run, and the run's log records the step with its author; Space then resumes it (not a second pause),
/// pauses it again and resumes it again, as the log says it stands; `:pause` and `:resume` ask for exactly that.
@Test func watchControlStepsARunInAnotherProcess() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-wc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let db = folder.appendingPathComponent("runs.db").path
    let writer = Process()
    writer.executableURL = try arborExecutable()
    writer.arguments = [
        "run", "--db", db, "--controllable", "--paused", "--tasks", "1", "--iterations", "3", "--samples", "4",
        "--value-samples", "2", "--judge-samples", "1", "--pace", "0.2",
    ]
    writer.standardOutput = FileHandle.nullDevice
    try writer.run()
    defer { if writer.isRunning { writer.terminate() } }
    let deadline = Date().addingTimeInterval(20)
    func interventions() throws -> String {
        try runArbor(["events", db, "--run", "1"]).stdout.split(separator: "\n")
            .filter { $0.contains("\"kind\":\"intervention\"") }.joined(separator: "\n")
    }
    while (try? interventions())?.contains("\"kind\":\"pause\"") != true && Date() < deadline { usleep(100_000) }

    let tmux = try Tmux(
        width: 100, height: 30, command: [try arborExecutable().path, "watch", db, "--control", "--author", "ada"])
    defer { tmux.close() }
    try tmux.waitFor { $0.first?.contains("run 1") == true }
    try tmux.send(keys: ".")
    let stepped = try tmux.waitFor { $0.contains { $0.contains("stepIteration by ada: done") } }
    #expect(stepped.contains { $0.contains("stepIteration by ada: done") }, "\(stepped.joined(separator: "\n"))")
    #expect(
        try interventions().contains("\"author\":\"ada\",\"episode\":0,\"kind\":\"stepIteration\",\"outcome\":\"done\"")
    )
    // Space resumes the paused run (the watcher reads "paused" from the log); the next Space pauses it, the third
    // resumes it.
    func controls() throws -> [String] {
        try interventions().split(separator: "\n").compactMap { line in
            guard line.contains("\"author\":\"ada\"") else { return nil }
            return ["pause", "resume", "stepIteration"].first { line.contains("\"kind\":\"\($0)\"") }
        }
    }
    func waitForControls(_ expected: [String]) throws {
        let deadline = Date().addingTimeInterval(20)
        while (try? controls()) != expected && Date() < deadline { usleep(100_000) }
        #expect(try controls() == expected)
    }
    try tmux.send(keys: "Space")
    let resumed = try tmux.waitFor { $0.contains { $0.contains("resume by ada: done") } }
    #expect(resumed.contains { $0.contains("resume by ada: done") }, "\(resumed.joined(separator: "\n"))")
    try tmux.send(keys: "Space")
    let paused = try tmux.waitFor { $0.contains { $0.contains("pause by ada: done") } }
    #expect(paused.contains { $0.contains("PAUSED") }, "\(paused.joined(separator: "\n"))")
    try tmux.send(keys: "Space")
    try waitForControls(["stepIteration", "resume", "pause", "resume"])
    // The commands ask for exactly what they name.
    try tmux.send(keys: ":")
    try tmux.type("pause")
    try tmux.send(keys: "Enter")
    try waitForControls(["stepIteration", "resume", "pause", "resume", "pause"])
    try tmux.send(keys: ":")
    try tmux.type("resume")
    try tmux.send(keys: "Enter")
    try waitForControls(["stepIteration", "resume", "pause", "resume", "pause", "resume"])
    writer.waitUntilExit()
    #expect(writer.terminationStatus == 0)
}
