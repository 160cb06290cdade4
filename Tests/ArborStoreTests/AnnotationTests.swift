import ArborCore
import Foundation
import Testing

@testable import ArborStore

/// A finished run with one episode whose root was expanded into three children (nodes 0…3), in a new store at
/// `location` (a file unless another backend is named).
func storeWithOneEpisode(_ location: String, on backend: StoreBackend = .sqlite) throws -> RunID {
    let store = try backend.open(location, clock: TickingClock().now)
    let recorder = try store.startRun(
        RunStarted(environment: "miniweb", model: "offline", method: "mcts", seed: 7), blobs: [])
    recorder.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "shop/1", task: "Buy")))
    recorder.append(
        .expanded(
            Expanded(
                episode: 0, parent: .root,
                children: (1...3).map {
                    ExpandedChild(node: NodeID($0), action: "click [\($0)]", prior: 0.3, count: 1)
                },
                samples: 3, unparseable: 0)))
    recorder.append(
        .episodeEnded(
            EpisodeEnded(episode: 0, success: true, reward: 1, estimatedSuccess: 1, steps: 1, reason: .stopped)))
    try recorder.finish()
    store.close()
    return recorder.run
}

@Suite("annotations: kept beside the log, edits keep history", .postgresServer)
struct AnnotationTests {
    @Test(
        "annotations survive reopening, edits supersede, and the events table is untouched",
        arguments: StoreBackend.allCases)
    func surviveAndNeverTouchEvents(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let location = try backend.newLocation(in: folder)
        let run = try storeWithOneEpisode(location, on: backend)
        let first = try backend.open(location, mode: .readOnly)
        let before = try first.storedEvents(run: run, from: 1, limit: 10_000)
        first.close()

        let store = try backend.open(location)
        let good = try store.annotate(
            run: run, episode: 0, node: 2, path: [0, 2], label: "good", note: " fine ", tags: ["x", " "], author: "ana",
            at: 10)
        let onRun = try store.annotate(
            run: run, episode: nil, node: nil, path: nil, label: nil, note: "a whole-run note", tags: [], author: "bo",
            at: 11)
        let edit = try store.editAnnotation(good.id, label: "bad", note: nil, tags: nil, author: "bo", at: 12)
        store.close()

        #expect(
            good
                == Annotation(
                    id: 1, run: run, episode: 0, node: 2, path: [0, 2], label: "good", note: "fine", tags: ["x"],
                    author: "ana", createdAt: 10))
        #expect(
            edit
                == Annotation(
                    id: 3, run: run, episode: 0, node: 2, path: [0, 2], label: "bad", note: "fine", tags: ["x"],
                    author: "bo", createdAt: 12, supersedes: 1))

        let reopened = try backend.open(location, mode: .readOnly)
        defer { reopened.close() }
        #expect(try reopened.annotations(run: run, episode: nil, history: false) == [onRun, edit])
        #expect(try reopened.annotations(run: run, episode: nil, history: true) == [good, onRun, edit])
        #expect(try reopened.annotations(run: run, episode: 0, history: false) == [edit])
        #expect(try reopened.annotations(run: run + 1, episode: nil, history: false) == [])
        #expect(try reopened.storedEvents(run: run, from: 1, limit: 10_000) == before)
    }

    @Test("bad targets and edits are refused with a message that says what to do", arguments: StoreBackend.allCases)
    func refusals(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let location = try backend.newLocation(in: folder)
        let run = try storeWithOneEpisode(location, on: backend)
        let store = try backend.open(location)
        func annotate(
            run: RunID, episode: Int? = nil, node: NodeID? = nil, path: [NodeID]? = nil, label: String? = "good",
            note: String? = nil
        ) throws(AnnotationError) -> Annotation {
            try store.annotate(
                run: run, episode: episode, node: node, path: path, label: label, note: note, tags: [], author: "a",
                at: 1)
        }
        #expect(throws: AnnotationError.store(.unknownRun(9))) { try annotate(run: 9) }
        #expect(throws: AnnotationError.unknownEpisode(run: run, episode: 4)) { try annotate(run: run, episode: 4) }
        #expect(throws: AnnotationError.unknownNode(run: run, episode: 0, node: 4, nodes: 4)) {
            try annotate(run: run, episode: 0, node: 4)
        }
        #expect(throws: AnnotationError.nodeWithoutEpisode) { try annotate(run: run, node: 1) }
        #expect(throws: AnnotationError.badPath([1, 2])) { try annotate(run: run, episode: 0, path: [1, 2]) }
        #expect(throws: AnnotationError.nothingToSay) { try annotate(run: run, label: nil, note: "  ") }
        let first = try annotate(run: run, episode: 0, node: 3, label: "unsure")
        let second = try store.editAnnotation(first.id, label: nil, note: "checked", tags: nil, author: "b", at: 2)
        #expect(throws: AnnotationError.alreadyEdited(first.id, by: second.id)) {
            try store.editAnnotation(first.id, label: "good", note: nil, tags: nil, author: "c", at: 3)
        }
        #expect(throws: AnnotationError.unknownAnnotation(99)) {
            try store.editAnnotation(99, label: "x", note: nil, tags: nil, author: "c", at: 3)
        }
        #expect(
            AnnotationError.unknownNode(run: run, episode: 0, node: 4, nodes: 4).description
                == "episode 1 of run 1 has no node 4 (its nodes are 0 to 3).")
        store.close()
        let viewer = try backend.open(location, mode: .readOnly)
        defer { viewer.close() }
        #expect(throws: AnnotationError.store(.readOnly(path: viewer.location))) {
            try viewer.annotate(
                run: run, episode: nil, node: nil, path: nil, label: "good", note: nil, tags: [], author: "a", at: 1)
        }
    }
}
