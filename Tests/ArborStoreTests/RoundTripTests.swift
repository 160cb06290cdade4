import ArborBenchmarks
import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

extension HeavyStoreTests {
    @Suite("Writing and reading runs", .postgresServer)
    struct RoundTripTests {
        @Test(
            "10,000 events across two runs written at once read back identical; blobs are stored once",
            arguments: StoreBackend.allCases)
        func roundTrip(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let clock = TickingClock()
            let store = try backend.newStore(in: folder, clock: clock.now).store
            defer { store.close() }
            let first = try store.startRun(SyntheticSearch.runStarted(seed: 1), blobs: [])
            let second = try store.startRun(SyntheticSearch.runStarted(seed: 2), blobs: [])
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

            let rows = [try store.rows(of: first.run), try store.rows(of: second.run)]
            // 64 pages and 32 arguments per seed; the two seeds share the arguments.
            let hashes: [String] = rows.flatMap { $0.blobs.compactMap { $0.first?.text } }
            #expect(Set(hashes).count == 64 + 64 + 32)
            let events: [Int] = rows.map { $0.tables[.events]?.count ?? 0 }
            #expect(events == [5_001, 5_001])
            let calls: [Int] = rows.map { $0.tables[.modelCalls]?.count ?? 0 }
            let modelCalls: [Int] = memories.map { $0.events.filter { $0.kind == .modelCall }.count }
            #expect(calls == modelCalls)

            let runs = try store.runs()
            #expect(runs.map(\.status) == [.finished, .failed])
            #expect(runs.map(\.lastSeq) == [5_001, 5_001])
            let folded = try RunState(try store.log(run: first.run))
            #expect(runs[0].episodes == folded.episodes.count)
            #expect(runs[0].endedEpisodes == folded.episodes.values.filter { $0.outcome != nil }.count)
            let taskIDs: [String] = (rows[0].tables[.episodes] ?? []).compactMap { $0[1].text }
            #expect(taskIDs == folded.orderedEpisodes.map(\.taskID))
        }

        @Test(
            "every kind of event survives the store, and reflections come back by kind",
            arguments: StoreBackend.allCases)
        func everyKind(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let store = try backend.newStore(in: folder, clock: TickingClock().now).store
            defer { store.close() }
            let recorder = try store.startRun(
                RunStarted(environment: "e", model: "m", method: "rmcts", seed: 9), blobs: [])
            let events = everyKindOfEvent()
            for event in events { recorder.append(event) }
            try recorder.flush()
            let stored = try store.log(run: recorder.run).map(\.event)
            #expect(Array(stored.dropFirst()) == events)

            let reflections = try store.reflections(kind: nil, from: .all, environment: "")
            #expect(reflections.count == 1)
            guard case .reflectionCreated(let created) = events.first(where: { $0.kind == .reflectionCreated }) else {
                Issue.record("no reflection among the events")
                return
            }
            #expect(reflections == [created.reflection])
            #expect(try store.reflections(kind: .value, from: .all, environment: "") == [created.reflection])
            #expect(try store.reflections(kind: .policy, from: .all, environment: "") == [])
            // One lesson by id, with the run and episode that made it (how a later run's front end shows it).
            let found = try #require(try store.reflection(id: created.reflection.id))
            #expect(found.reflection == created.reflection)
            #expect(found.run == recorder.run)
            #expect(found.episode == created.episode)
            #expect(try store.reflection(id: "no-such-lesson") == nil)
        }

        @Test(
            "a non-finite number is stored as an error event in its place, keeping seqs whole",
            arguments: StoreBackend.allCases)
        func nonFinite(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let store = try backend.newStore(in: folder, clock: TickingClock().now).store
            defer { store.close() }
            let recorder = try store.startRun(
                RunStarted(environment: "e", model: "m", method: "rmcts", seed: 9), blobs: [])
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

        @Test("a finished recorder refuses to finish twice and drops later events", arguments: StoreBackend.allCases)
        func finishedRun(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let store = try backend.newStore(in: folder).store
            defer { store.close() }
            let recorder = try store.startRun(
                RunStarted(environment: "e", model: "m", method: "rmcts", seed: 9), blobs: [])
            try recorder.finish()
            recorder.append(.runEnded(RunEnded(status: .failed)))
            try store.flush()
            #expect(throws: StoreError.runFinished(recorder.run)) { try recorder.finish() }
            #expect(try store.log(run: recorder.run).count == 2)
        }

        @Test("a read-only store refuses to record", arguments: StoreBackend.allCases)
        func readOnly(backend: StoreBackend) throws {
            let folder = try TemporaryFolder()
            let location = try backend.newLocation(in: folder)
            try backend.open(location).close()
            let viewer = try backend.open(location, mode: .readOnly)
            defer { viewer.close() }
            #expect(throws: StoreError.readOnly(path: viewer.location)) {
                _ = try viewer.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 9), blobs: [])
            }
            #expect(try viewer.runs() == [])
        }
    }
}
