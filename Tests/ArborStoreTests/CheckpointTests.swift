import ArborBenchmarks
import ArborCore
import Foundation
import Testing

@testable import ArborStore

/// A run that has ended is in the database file itself, not only in its `-wal`: a copy of the `.db` alone holds it.
@Suite struct CheckpointTests {
    @Test func aFinishedRunIsInTheDatabaseFileAlone() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        let store = try RunStore.open(path: path)
        var recorders: [RunRecorder] = []
        for seed in 1...2 {
            let recorder = try store.startRun(SyntheticSearch.runStarted(seed: UInt64(seed)))
            appendSynthetic(to: recorder, count: 500, seed: UInt64(seed))
            try recorder.finish()
            recorders.append(recorder)
            let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
            #expect(wal == 0, "the log is emptied when run \(recorder.run) ends")
        }

        // The store is still open; copy the database file only, as a person copying runs.db would.
        let copy = folder.file("copy.db")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let copied = try RunStore.open(path: copy, mode: .readOnly)
        #expect(try copied.runs().map(\.status) == [.finished, .finished])
        for recorder in recorders {
            #expect(try copied.log(run: recorder.run).count == 502)
        }
        store.close()
    }

    /// `arbor run` reads through its writer's own pool (the summary, the response cache); closing it still takes
    /// `-wal` and `-shm` with it, as the last close of a writable connection does.
    @Test func closingAStoreThatWasReadLeavesOnlyTheFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        let store = try RunStore.open(path: path)
        let recorder = try store.startRun(SyntheticSearch.runStarted(seed: 3))
        appendSynthetic(to: recorder, count: 50, seed: 3)
        try recorder.finish()
        #expect(try store.runs().map(\.status) == [.finished], "read through the writer's pool")
        store.close()
        let listing = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(listing == ["runs.db"])
    }
}
