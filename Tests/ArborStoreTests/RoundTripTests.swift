import ArborBenchmarks
import ArborCore
import Foundation
import GRDB
import Testing

@testable import ArborStore

extension HeavyStoreTests {
    @Suite("Writing and reading runs")
    struct RoundTripTests {
        @Test("10,000 events across two runs written at once read back identical; blobs are stored once")
        func roundTrip() throws {
            let folder = try TemporaryFolder()
            let clock = TickingClock()
            let store = try RunStore.open(path: folder.file("runs.db"), clock: clock.now)
            let first = try store.startRun(SyntheticSearch.runStarted(seed: 1))
            let second = try store.startRun(SyntheticSearch.runStarted(seed: 2))
            let memories = [MemorySink(), MemorySink()]
            // Both runs are written from two threads at once through the store's one writer.
            let done = DispatchGroup()
            for (index, recorder) in [first, second].enumerated() {
                DispatchQueue.global().async(group: done) {
                    var search = SyntheticSearch(seed: UInt64(index + 1))
                    for _ in 0..<4_999 {
                        let (event, blobs) = search.next()
                        recorder.append(event, blobs: blobs)
                        memories[index].append(event, blobs: blobs)
                    }
                }
            }
            done.wait()
            try first.finish()
            try second.finish(status: .failed)

            for (index, recorder) in [first, second].enumerated() {
                let log = try store.log(run: recorder.run)
                let expected =
                    [Event.runStarted(SyntheticSearch.runStarted(seed: UInt64(index + 1)))] + memories[index].events
                    + [.runEnded(RunEnded(status: index == 0 ? .finished : .failed))]
                #expect(log.count == 5_001)
                #expect(log.map(\.event) == expected)
                #expect(log.map(\.seq) == Array(1...5_001))
                #expect(zip(log, log.dropFirst()).allSatisfy { $0.time < $1.time })
                // Every blob an event refers to can be loaded.
                for case .observed(let observed) in log.map(\.event).prefix(300) {
                    #expect(try store.blob(observed.observation) == memories[index].text(observed.observation))
                }
            }

            let queue = try DatabaseQueue(path: folder.file("runs.db"))
            let (blobRows, eventRows, calls) = try queue.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs")!,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events")!,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM model_calls")!
                )
            }
            // 64 pages and 32 arguments per seed; the two seeds share the arguments.
            #expect(blobRows == 64 + 64 + 32)
            #expect(eventRows == 10_002)
            let modelCalls = (memories[0].events + memories[1].events).filter { $0.kind == .modelCall }.count
            #expect(calls == modelCalls)

            let runs = try store.runs()
            #expect(runs.map(\.status) == [.finished, .failed])
            #expect(runs.map(\.lastSeq) == [5_001, 5_001])
            let folded = try RunState(try store.log(run: first.run))
            #expect(runs[0].episodes == folded.episodes.count)
            #expect(runs[0].endedEpisodes == folded.episodes.values.filter { $0.outcome != nil }.count)
            #expect(try store.episodes(run: first.run).map(\.taskID) == folded.orderedEpisodes.map(\.taskID))
        }

        @Test("every kind of event survives the store, and reflections come back by kind")
        func everyKind() throws {
            let folder = try TemporaryFolder()
            let store = try RunStore.open(path: folder.file("runs.db"), clock: TickingClock().now)
            let recorder = try store.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 9))
            let events = everyKindOfEvent()
            for event in events { recorder.append(event) }
            try recorder.flush()
            let stored = try store.log(run: recorder.run).map(\.event)
            #expect(Array(stored.dropFirst()) == events)

            let reflections = try store.reflections()
            #expect(reflections.count == 1)
            guard case .reflectionCreated(let created) = events.first(where: { $0.kind == .reflectionCreated }) else {
                Issue.record("no reflection among the events")
                return
            }
            #expect(reflections == [created.reflection])
            #expect(try store.reflections(kind: .value) == [created.reflection])
            #expect(try store.reflections(kind: .policy) == [])
            // One lesson by id, with the run and episode that made it (how a later run's front end shows it).
            let found = try #require(try store.reflection(id: created.reflection.id))
            #expect(found.reflection == created.reflection)
            #expect(found.run == recorder.run)
            #expect(found.episode == created.episode)
            #expect(try store.reflection(id: "no-such-lesson") == nil)
        }

        @Test("a non-finite number is stored as an error event in its place, keeping seqs whole")
        func nonFinite() throws {
            let folder = try TemporaryFolder()
            let store = try RunStore.open(path: folder.file("runs.db"), clock: TickingClock().now)
            let recorder = try store.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 9))
            recorder.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "t")))
            recorder.append(.backedUp(BackedUp(episode: 0, path: [0], value: .infinity)))
            try recorder.finish()
            let log = try store.log(run: recorder.run)
            #expect(log.map(\.seq) == [1, 2, 3, 4])
            #expect(
                log[2].event
                    == .error(
                        ErrorRecord(
                            episode: 0, node: 0, source: .store,
                            message: "a backedUp event held a number that is not finite and was not stored")))
        }

        @Test("a finished recorder refuses to finish twice and drops later events")
        func finishedRun() throws {
            let folder = try TemporaryFolder()
            let store = try RunStore.open(path: folder.file("runs.db"))
            let recorder = try store.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 9))
            try recorder.finish()
            recorder.append(.runEnded(RunEnded(status: .failed)))
            try store.flush()
            #expect(throws: StoreError.runFinished(recorder.run)) { try recorder.finish() }
            #expect(try store.log(run: recorder.run).count == 2)
        }

        @Test("a read-only store refuses to record")
        func readOnly() throws {
            let folder = try TemporaryFolder()
            let path = folder.file("runs.db")
            try RunStore.open(path: path).close()
            let viewer = try RunStore.open(path: path, mode: .readOnly)
            #expect(throws: StoreError.readOnly(path: path)) {
                _ = try viewer.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 9))
            }
            #expect(try viewer.runs() == [])
        }
    }
}
