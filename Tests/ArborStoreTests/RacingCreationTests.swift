import ArborCore
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
    }
}
