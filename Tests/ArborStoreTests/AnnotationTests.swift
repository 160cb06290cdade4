import ArborCore
import Foundation
import Testing

@testable import ArborStore

/// A finished run with one episode whose root was expanded into three children (nodes 0…3).
func storeWithOneEpisode(_ path: String) throws -> RunID {
    let store = try RunStore.open(path: path, clock: TickingClock().now)
    let recorder = try store.startRun(RunStarted(environment: "miniweb", model: "offline", method: "mcts", seed: 7))
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

@Suite("annotations: kept beside the log, edits keep history")
struct AnnotationTests {
    @Test("annotations survive reopening, edits supersede, and the events table is untouched")
    func surviveAndNeverTouchEvents() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        let run = try storeWithOneEpisode(path)
        let before = try RunStore.open(path: path, mode: .readOnly).storedEvents(run: run)

        let store = try RunStore.open(path: path)
        let first = try store.annotate(
            run: run, episode: 0, node: 2, path: [0, 2], label: "good", note: " fine ", tags: ["x", " "], author: "ana",
            at: 10)
        let onRun = try store.annotate(run: run, note: "a whole-run note", author: "bo", at: 11)
        let edit = try store.editAnnotation(first.id, label: "bad", author: "bo", at: 12)
        store.close()

        #expect(
            first
                == Annotation(
                    id: 1, run: run, episode: 0, node: 2, path: [0, 2], label: "good", note: "fine", tags: ["x"],
                    author: "ana", createdAt: 10))
        #expect(
            edit
                == Annotation(
                    id: 3, run: run, episode: 0, node: 2, path: [0, 2], label: "bad", note: "fine", tags: ["x"],
                    author: "bo", createdAt: 12, supersedes: 1))

        let reopened = try RunStore.open(path: path, mode: .readOnly)
        #expect(try reopened.annotations(run: run) == [onRun, edit])
        #expect(try reopened.annotations(run: run, history: true) == [first, onRun, edit])
        #expect(try reopened.annotations(run: run, episode: 0) == [edit])
        #expect(try reopened.annotations(run: run + 1) == [])
        #expect(try reopened.storedEvents(run: run) == before)
    }

    @Test("bad targets and edits are refused with a message that says what to do")
    func refusals() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("runs.db")
        let run = try storeWithOneEpisode(path)
        let store = try RunStore.open(path: path)
        #expect(throws: AnnotationError.store(.unknownRun(9))) {
            try store.annotate(run: 9, label: "good", author: "a")
        }
        #expect(throws: AnnotationError.unknownEpisode(run: run, episode: 4)) {
            try store.annotate(run: run, episode: 4, label: "good", author: "a")
        }
        #expect(throws: AnnotationError.unknownNode(run: run, episode: 0, node: 4, nodes: 4)) {
            try store.annotate(run: run, episode: 0, node: 4, label: "good", author: "a")
        }
        #expect(throws: AnnotationError.nodeWithoutEpisode) {
            try store.annotate(run: run, node: 1, label: "good", author: "a")
        }
        #expect(throws: AnnotationError.badPath([1, 2])) {
            try store.annotate(run: run, episode: 0, path: [1, 2], label: "good", author: "a")
        }
        #expect(throws: AnnotationError.nothingToSay) { try store.annotate(run: run, note: "  ", author: "a") }
        let first = try store.annotate(run: run, episode: 0, node: 3, label: "unsure", author: "a")
        let second = try store.editAnnotation(first.id, note: "checked", author: "b")
        #expect(throws: AnnotationError.alreadyEdited(first.id, by: second.id)) {
            try store.editAnnotation(first.id, label: "good", author: "c")
        }
        #expect(throws: AnnotationError.unknownAnnotation(99)) { try store.editAnnotation(99, label: "x", author: "c") }
        #expect(
            AnnotationError.unknownNode(run: run, episode: 0, node: 4, nodes: 4).description
                == "episode 1 of run 1 has no node 4 (its nodes are 0 to 3).")
        store.close()
        let viewer = try RunStore.open(path: path, mode: .readOnly)
        #expect(throws: AnnotationError.store(.readOnly(path: path))) {
            try viewer.annotate(run: run, label: "good", author: "a")
        }
    }
}
