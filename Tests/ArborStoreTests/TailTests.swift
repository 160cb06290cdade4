import ArborBenchmarks
import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

extension HeavyStoreTests {
    @Suite("Following a live run", .postgresServer)
    struct TailTests {
        @Test(
            "a second connection on another thread sees every event, in order, while it is written",
            arguments: StoreBackend.allCases)
        func liveTail(backend: StoreBackend) async throws {
            let folder = try TemporaryFolder()
            let (store, location) = try backend.newStore(in: folder)
            defer { store.close() }
            let recorder = try store.startRun(SyntheticSearch.runStarted(seed: 5), blobs: [])
            let viewer = try backend.open(location, mode: .readOnly)
            defer { viewer.close() }
            let total = 2_000

            let writing = Thread {
                // A search emits in bursts, and slower than a debug build of the writer can commit.
                appendSynthetic(to: recorder, count: total, seed: 5, pauseEvery: 3)
                try? recorder.finish()
            }
            writing.start()

            // How soon each event arrives is `arbor bench store`'s to measure (TailBenchmark), not a test's.
            var received: [EventRecord] = []
            for try await record in viewer.tail(run: recorder.run) { received.append(record) }
            #expect(received.map(\.seq) == Array(1...Int64(total + 2)))
            #expect(received.last?.event == .runEnded(RunEnded(status: .finished)))
            #expect(received.map(\.event) == (try store.log(run: recorder.run)).map(\.event))
        }

        @Test(
            "a tail starting mid-log begins at its seq and ends at runEnded; an unknown run is an error",
            arguments: StoreBackend.allCases)
        func tailFromSeq(backend: StoreBackend) async throws {
            let folder = try TemporaryFolder()
            let store = try backend.newStore(in: folder).store
            defer { store.close() }
            let recorder = try store.startRun(SyntheticSearch.runStarted(seed: 5), blobs: [])
            appendSynthetic(to: recorder, count: 2_500, seed: 5)
            try recorder.finish()
            var seqs: [Int64] = []
            for try await record in store.tailStored(run: recorder.run, from: 2_400, endingWithWriter: false) {
                seqs.append(record.seq)
            }
            #expect(seqs == Array(2_400...2_502))

            await #expect(throws: StoreError.unknownRun(99)) {
                for try await _ in store.tail(run: 99) {}
            }
        }
    }
}
