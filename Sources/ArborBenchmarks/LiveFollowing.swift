import ArborCore
import ArborStore
import ArborTUI
import Foundation
import Synchronization
import TerminalKit

/// Follows a synthetic run that `arbor _store-writer` writes in another process, as `arbor watch` does (the store's
/// tail into a ``Session``, a frame per batch), and measures each event's time from its append in the writer to the
/// end of the frame that shows it.
struct LiveFollowing {
    let directory: String
    let seconds: Double
    let library: (RunStore) -> any RunLibrary

    struct Figures {
        var p50: Double
        var p99: Double
        var events: Int
        var frames: Int
    }

    func measure() async throws -> Figures {
        let path = (directory as NSString).appendingPathComponent("arbor-bench-tui-\(getpid()).db")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        // Bounded, so a writer this process fails to kill still ends by itself within minutes.
        writer.arguments = ["_store-writer", path, "--events", "2000000"]
        let output = Pipe()
        writer.standardOutput = output
        try writer.run()
        defer {
            // SIGKILL: the writer is a scratch process whose store is deleted; it need not end cleanly.
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
        }
        let line = output.fileHandleForReading.availableLine()
        guard let run = line.flatMap({ RunID($0.dropFirst(4)) }), line?.hasPrefix("run ") == true else {
            throw BenchmarkFailure(description: "the live writer did not start a run (it printed \(line ?? "nothing"))")
        }
        let store = try RunStore.open(path: path, mode: .readOnly)
        defer { store.close() }
        var session = Session(library: library(store))
        session.open(run: run, live: true)
        var canvas = Canvas(width: 160, height: 48)
        session.render(into: &canvas, now: 0)
        let from = (try store.events(run: run, from: 1, limit: .max).last?.seq ?? 0) + 1

        let arrived = Mutex<[EventRecord]>([])
        let stream = store.tail(run: run, from: from)
        let follower = Task {
            for try await record in stream { arrived.withLock { $0.append(record) } }
        }
        defer { follower.cancel() }
        var latencies: [Double] = []
        var frames = 0
        let deadline = Date().timeIntervalSince1970 + seconds
        while Date().timeIntervalSince1970 < deadline {
            let batch = arrived.withLock { records in
                defer { records.removeAll(keepingCapacity: true) }
                return records
            }
            guard !batch.isEmpty else {
                try await Task.sleep(for: .milliseconds(1))
                continue
            }
            session.receive(batch)
            session.render(into: &canvas, now: 0)
            frames += 1
            let shown = Date().timeIntervalSince1970
            latencies += batch.map { (shown - $0.time) * 1000 }
        }
        guard !latencies.isEmpty else { throw BenchmarkFailure(description: "no live events arrived in \(seconds) s") }
        return Figures(
            p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), events: latencies.count,
            frames: frames)
    }
}

extension FileHandle {
    /// Reads up to the first newline; nil at end of file.
    fileprivate func availableLine() -> String? {
        var bytes: [UInt8] = []
        while true {
            let data = readData(ofLength: 1)
            guard let byte = data.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
