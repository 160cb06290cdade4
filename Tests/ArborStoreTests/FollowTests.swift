import ArborTesting
import Foundation
import Testing

@testable import ArborStore

extension HeavyStoreTests {
    @Suite("arbor events --follow, against a writer in another process")
    struct FollowTests {
        @Test("arbor events --follow prints a live writer's events while it writes, every one in order, to runEnded")
        func followsALiveWriter() throws {
            let folder = try TemporaryFolder()
            let path = folder.file("runs.db")
            // About 4 s of writing even in a release build: the writer pauses 2 ms every 10 events.
            let total = 20_000
            let writer = Process()
            writer.executableURL = try arborExecutable()
            writer.arguments = ["_store-writer", path, "--events", String(total)]
            writer.standardOutput = FileHandle.nullDevice
            try writer.run()
            defer { if writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }
            var recorded = false
            for _ in 0..<3000 where !recorded {
                usleep(10_000)
                recorded = (try? RunStore.open(path: path, mode: .readOnly).runs().isEmpty == false) ?? false
            }
            #expect(recorded, "the writer recorded no run")

            let follower = Process()
            follower.executableURL = try arborExecutable()
            follower.arguments = ["events", path, "--run", "1", "--follow"]
            let out = Pipe()
            follower.standardOutput = out
            follower.standardError = FileHandle.nullDevice
            try follower.run()

            // Read as the lines come, noting how much the writer had committed when the first ones arrived.
            let viewer = try RunStore.open(path: path, mode: .readOnly)
            var text = Data()
            var committedAtFirstLines: Int64?
            while true {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text.append(chunk)
                if committedAtFirstLines == nil { committedAtFirstLines = try viewer.run(1).lastSeq }
            }
            follower.waitUntilExit()
            writer.waitUntilExit()
            #expect(follower.terminationStatus == 0)
            #expect(writer.terminationStatus == 0)

            let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
            let seqs = lines.compactMap { line -> Int? in
                guard line.hasPrefix("{\"seq\":"), let comma = line.firstIndex(of: ",") else { return nil }
                return Int(line[line.index(line.startIndex, offsetBy: 7)..<comma])
            }
            #expect(seqs == Array(1...(total + 1)))
            #expect(lines.last?.contains("\"kind\":\"runEnded\",") == true)
            // The first lines came while the writer was still writing: it had not committed its last event yet.
            let committed = try #require(committedAtFirstLines)
            #expect(committed < Int64(total), "the follower printed nothing until the writer had finished")
        }
    }
}
