import ArborCore
import ArborStore
import Foundation

/// Measures how soon a viewer sees what a writer records: a writer thread appends a synthetic search in bursts (as
/// an engine does, pausing between them), and a tail on a read-only connection of its own delivers each event. The
/// latency of an event is from its append (the time it is stamped with) to its delivery, so it includes the
/// writer's batching as well as the commit and the poll. `arbor bench store` prints it beside the 100 ms target.
public enum TailBenchmark {
    /// Append-to-delivery latencies, in milliseconds.
    public struct Report: Sendable {
        public var events: Int
        public var p50: Double
        public var p99: Double
        public var max: Double
    }

    /// Writes `count` events into a fresh store in `directory` while tailing it.
    public static func run(events count: Int, directory: String) async throws -> Report {
        let path = directory + "/bench-tail.db"
        func remove() {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        remove()
        defer { remove() }
        let store = try RunStore.open(path: path)
        defer { store.close() }
        let viewer = try RunStore.open(path: path, mode: .readOnly)
        defer { viewer.close() }
        return try await run(events: count, writer: store, viewer: viewer).report
    }

    /// Writes `count` events through `writer` while `viewer` (another connection to the same store) follows them;
    /// returns the latencies and the run written.
    public static func run(events count: Int, writer store: any RunStorage, viewer: any RunStorage) async throws
        -> (report: Report, run: RunID)
    {
        let recorder = try store.startRun(SyntheticSearch.runStarted(seed: 9), blobs: [])
        let writing = Thread {
            var search = SyntheticSearch(seed: 9)
            for index in 0..<count {
                let (event, blobs) = search.next()
                recorder.append(event, blobs: blobs)
                // Bursts of three events, then 2 ms: slower than the writer can commit, as a search is.
                if index % 3 == 2 { usleep(2_000) }
            }
            try? recorder.finish()
        }
        writing.start()
        var latencies: [Double] = []
        latencies.reserveCapacity(count + 2)
        for try await record in viewer.tail(run: recorder.run) {
            latencies.append((Date().timeIntervalSince1970 - record.time) * 1000)
        }
        latencies.sort()
        guard !latencies.isEmpty else { return (Report(events: 0, p50: 0, p99: 0, max: 0), recorder.run) }
        let report = Report(
            events: latencies.count, p50: latencies[latencies.count / 2], p99: latencies[latencies.count * 99 / 100],
            max: latencies[latencies.count - 1])
        return (report, recorder.run)
    }
}
