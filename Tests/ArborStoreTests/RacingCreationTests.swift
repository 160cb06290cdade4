import ArborCore
import ArborTesting
import Foundation
import Synchronization
import Testing

@testable import ArborStore

extension HeavyStoreTests {
    /// Two writers creating the same new file at once both get a working store: neither migrates over the other
    /// (`table arbor_meta already exists`) nor reads the other's half-written header as a damaged file.
    @Suite struct RacingCreationTests {
        @Test func a100RacingPairsAllOpenTheNewStore() throws {
            let folder = try TemporaryFolder()
            let failures = Mutex<[String]>([])
            for pair in 0..<100 {
                let path = folder.file("race-\(pair).db")
                DispatchQueue.concurrentPerform(iterations: 2) { side in
                    do {
                        let store = try RunStore.open(path: path)
                        let recorder = try store.startRun(
                            RunStarted(environment: "e", model: "m", method: "greedy", seed: UInt64(side)))
                        try recorder.finish()
                        store.close()
                    } catch {
                        failures.withLock { $0.append("pair \(pair), side \(side): \(error)") }
                    }
                }
                let runs = try RunStore.open(path: path, mode: .readOnly).runs()
                #expect(runs.count == 2 && runs.allSatisfy { $0.status == .finished }, "pair \(pair)")
            }
            #expect(failures.withLock { $0 } == [])
        }

        /// The same race between real processes: two `arbor` writers on each of 100 new files, five pairs at a time.
        /// Each is `arbor _store-writer`, which opens the store as `arbor run` does (the same `RunStore.open`, run
        /// and finish) without a search's seconds, so the test stays well under a minute. Every one records its run,
        /// and none says a word on stderr (no "damaged", no "already exists").
        @Test func a100RacingPairsOfWriterProcessesAllSucceed() throws {
            let folder = try TemporaryFolder()
            let arbor = try arborExecutable()
            var failures: [String] = []
            for batch in stride(from: 0, to: 100, by: 5) {
                var running: [(pair: Int, process: Process, stderr: Pipe)] = []
                for pair in batch..<batch + 5 {
                    for _ in 0..<2 {
                        let process = Process()
                        process.executableURL = arbor
                        process.arguments = ["_store-writer", folder.file("race-\(pair).db"), "--events", "5"]
                        let stderr = privatePipe()
                        process.standardOutput = FileHandle.nullDevice
                        process.standardError = stderr
                        try process.run()
                        running.append((pair, process, stderr))
                    }
                }
                for (pair, process, stderr) in running {
                    let said = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    if process.terminationStatus != 0 || !said.isEmpty {
                        failures.append("pair \(pair): exit \(process.terminationStatus): \(said)")
                    }
                }
                for pair in batch..<batch + 5 {
                    let runs = try RunStore.open(path: folder.file("race-\(pair).db"), mode: .readOnly).runs()
                    #expect(runs.map(\.status) == [.finished, .finished], "pair \(pair)")
                }
            }
            #expect(failures == [])
        }
    }
}
