import ArborTesting
import Foundation
import Testing

/// `arbor watch` on a run whose writer was killed stops claiming LIVE within a second and says why, and
/// `arbor runs` lists the run as interrupted, both before any writer reopens the file.
@Test func watchSeesAKilledWriter() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-killed-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("runs.db").path
    let writer = Process()
    writer.executableURL = try arborExecutable()
    writer.arguments = ["_store-writer", db]
    writer.standardOutput = FileHandle.nullDevice
    try writer.run()
    let deadline = Date().addingTimeInterval(20)
    while (try? runArbor(["runs", db]).stdout.contains("running")) != true && Date() < deadline { usleep(50_000) }
    kill(writer.processIdentifier, SIGKILL)
    writer.waitUntilExit()

    #expect(try runArbor(["runs", db]).stdout.contains("  interrupted (writer gone)  "))
    let tmux = try Tmux(width: 120, height: 30, command: [try arborExecutable().path, "watch", db])
    defer { tmux.close() }
    let screen = try tmux.waitFor { $0.contains { $0.contains("stopped following the run") } }
    #expect(screen.first?.contains("NOT FOLLOWING") == true, "\(screen.joined(separator: "\n"))")
    #expect(!(screen.first?.contains("LIVE") ?? true))
    #expect(screen.contains { $0.contains("is not being written any more") }, "\(screen.joined(separator: "\n"))")
}
