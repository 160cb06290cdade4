import ArborTesting
import Foundation
import Testing

@testable import ArborStore

extension HeavyStoreTests {
    /// A file's follower polls it; a server's `LISTEN`s for the writer's notifications. What it prints is the same.
    @Suite("arbor events --follow, against a writer in another process", .postgresServer)
    struct FollowTests {
        /// Starts `arbor _store-writer` on the store at `location` (up to `events`, else until killed) and waits for
        /// its run to exist.
        func startWriter(_ location: String, on backend: StoreBackend, events: Int? = nil) throws -> Process {
            let writer = Process()
            writer.executableURL = try arborExecutable()
            writer.arguments = ["_store-writer", location] + (events.map { ["--events", String($0)] } ?? [])
            writer.standardOutput = FileHandle.nullDevice
            try writer.run()
            var recorded = false
            for _ in 0..<3000 where !recorded {
                usleep(10_000)
                recorded = (try? backend.open(location, mode: .readOnly).runs().isEmpty == false) ?? false
            }
            #expect(recorded, "the writer recorded no run")
            return writer
        }

        /// The seq of each JSON line `arbor events` printed.
        static func seqs(_ lines: [Substring]) -> [Int64] {
            lines.compactMap { line in
                guard line.hasPrefix("{\"seq\":"), let comma = line.firstIndex(of: ",") else { return nil }
                return Int64(line[line.index(line.startIndex, offsetBy: 7)..<comma])
            }
        }

        @Test(
            "arbor events --follow prints a live writer's events while it writes, every one in order, to runEnded",
            arguments: StoreBackend.allCases)
        func followsALiveWriter(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let location = try backend.newLocation(in: folder)
            // About 4 s of writing even in a release build: the writer pauses 2 ms every 10 events.
            let total = 20_000
            let writer = try startWriter(location, on: backend, events: total)
            defer { if writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }

            let follower = Process()
            follower.executableURL = try arborExecutable()
            follower.arguments = ["events", location, "--run", "1", "--follow"]
            let out = privatePipe()
            follower.standardOutput = out
            follower.standardError = FileHandle.nullDevice
            try follower.run()

            // Read as the lines come, noting how much the writer had committed when the first ones arrived.
            let viewer = try backend.open(location, mode: .readOnly)
            defer { viewer.close() }
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
            #expect(Self.seqs(lines) == Array(1...Int64(total + 1)))
            #expect(lines.last?.contains("\"kind\":\"runEnded\",") == true)
            // The first lines came while the writer was still writing: it had not committed its last event yet.
            let committed = try #require(committedAtFirstLines)
            #expect(committed < Int64(total), "the follower printed nothing until the writer had finished")
        }

        @Test(
            "arbor events --follow ends, after every committed event, when the writer is killed before runEnded",
            arguments: StoreBackend.allCases)
        func endsWhenTheWriterDies(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let location = try backend.newLocation(in: folder)
            let writer = try startWriter(location, on: backend)
            defer { if writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }

            let follower = Process()
            follower.executableURL = try arborExecutable()
            follower.arguments = ["events", location, "--run", "1", "--follow"]
            let out = privatePipe()
            let err = privatePipe()
            follower.standardOutput = out
            follower.standardError = err
            try follower.run()
            var text = Data()
            var lines = 0
            while true {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text.append(chunk)
                lines += chunk.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                // Well into the run, the writer dies mid-write; the follower goes on to the end of its log.
                if lines >= 3000 && writer.isRunning {
                    kill(writer.processIdentifier, SIGKILL)
                    writer.waitUntilExit()
                    if backend == .postgresql { try ageHeartbeat(location, follower: follower) }
                }
            }
            follower.waitUntilExit()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(writer.terminationReason == .uncaughtSignal)

            let viewer = try backend.open(location, mode: .readOnly)
            defer { viewer.close() }
            let last = try viewer.run(1).lastSeq
            #expect(try viewer.run(1).status == .running)
            #expect(Self.seqs(String(decoding: text, as: UTF8.self).split(separator: "\n")) == Array(1...last))
            #expect(follower.terminationStatus == 1)
            #expect(
                stderr
                    == "arbor: run 1 is not being written any more: its writer (process \(writer.processIdentifier)) "
                    + "is gone and the log stops at seq \(last). "
                    + "The next writer to open the store records it as interrupted.\n")
        }

        /// On a server a writer is gone once its heartbeat is 30 seconds old, not when its process ends (a process id
        /// on another host says nothing): right after the kill the run still looks written and the follower waits;
        /// with the heartbeat aged past the limit, as 30 seconds of silence would leave it, the follower ends.
        func ageHeartbeat(_ location: String, follower: Process) throws {
            let viewer = try StoreBackend.postgresql.open(location, mode: .readOnly)
            defer { viewer.close() }
            #expect(try viewer.run(1).writerGone == false)
            #expect(follower.isRunning)
            try RawTables(backend: .postgresql, location: location).execute(
                "UPDATE runs SET heartbeat_at = heartbeat_at - 3600 WHERE id = 1")
            #expect(try viewer.run(1).writerGone)
        }
    }
}
