import ArborTesting
import Foundation
import Testing

/// Ctrl-C or SIGTERM to a headless `arbor run`: the run is recorded as interrupted, the summary is still printed,
/// and the process exits as a shell reports a process that signal ended (130, 143), so a script can tell it apart
/// from a run that finished.
@Suite(.serialized) struct RunSignalTests {
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func aSignalRecordsTheRunAsInterruptedAndExitsWithItsStatus(signal: Int32, status: Int32) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-runsig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.db").path
        let output = folder.appendingPathComponent("out")
        #expect(FileManager.default.createFile(atPath: output.path, contents: nil))
        let process = Process()
        process.executableURL = try arborExecutable()
        process.arguments = ["run", "--tasks", "100", "--iterations", "20", "--db", db]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Signalled once the first episode has been reported, i.e. in the middle of the run.
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, process.isRunning {
            if try String(contentsOf: output, encoding: .utf8).contains("  1/100]") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(process.isRunning, "the run was still going when signalled")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()

        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)
        let printed = try String(contentsOf: output, encoding: .utf8)
        #expect(printed.contains("interrupted: run 1 is recorded as interrupted"))
        #expect(printed.contains("method         tasks  success"))
        let runs = try runArbor(["runs", db]).stdout
        #expect(runs.contains("interrupted"))
    }
}
