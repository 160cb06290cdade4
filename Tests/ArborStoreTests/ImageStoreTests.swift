import ArborCore
import Foundation
import GRDB
import Testing

@testable import ArborStore

/// Images travel like texts: stored once by their hash, as the environment's bytes, referenced from `observed`.
@Suite struct ImageStoreTests {
    static let screenshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/screenshot.png").standardized

    @Test func anImageShownTwiceIsStoredOnceAndReadBackByteForByte() throws {
        let folder = try TemporaryFolder()
        let store = try RunStore.open(path: folder.file("runs.db"))
        let image = try #require(EncodedImage(bytes: [UInt8](try Data(contentsOf: Self.screenshot))))
        let shot = Blob(image: image)
        let page = Blob("Room 0")
        let recorder = try store.startRun(RunStarted(environment: "e", model: "m", method: "greedy", seed: 0))
        recorder.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "task")))
        for node in [NodeID.root, NodeID.root] {
            recorder.append(
                .observed(
                    Observed(
                        episode: 0, node: node, observation: page.ref, reward: 0, terminal: false, success: nil,
                        images: [try #require(ObservedImage(shot))])),
                blobs: [page, shot])
        }
        try recorder.finish()

        #expect(try store.image(shot.ref) == image)
        #expect(try store.image(BlobRef(rawValue: String(repeating: "0", count: 64))) == nil)
        #expect(try store.blob(shot.ref) == nil)
        let queue = try DatabaseQueue(path: folder.file("runs.db"))
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT hash, format, length(bytes) AS size FROM images")
        }
        #expect(rows.count == 1)
        #expect(rows.first?["hash"] == shot.ref.rawValue)
        #expect(rows.first?["format"] == "png")
        #expect(rows.first?["size"] == 153)
        let state = try RunState(try store.events(run: recorder.run))
        #expect(state.episodes[0]?.images[.root] == [ObservedImage(image: shot.ref, format: .png, size: 153)])
    }
}
