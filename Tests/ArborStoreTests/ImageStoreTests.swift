import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

/// Images travel like texts: stored once by their hash, as the environment's bytes, referenced from `observed`.
@Suite(.postgresServer) struct ImageStoreTests {
    static let screenshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/screenshot.png").standardized

    @Test(arguments: StoreBackend.allCases)
    func anImageShownTwiceIsStoredOnceAndReadBackByteForByte(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let store = try backend.newStore(in: folder).store
        defer { store.close() }
        let image = try #require(EncodedImage(bytes: [UInt8](try Data(contentsOf: Self.screenshot))))
        let shot = Blob(image: image)
        let page = Blob("Room 0")
        let recorder = try store.startRun(
            RunStarted(environment: "e", model: "m", method: "greedy", seed: 0), blobs: [])
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
        // Stored once: one row (hash, format, bytes) for the run's two mentions.
        let rows = try store.rows(of: recorder.run).images
        #expect(rows.count == 1)
        #expect(rows.first?[0] == .text(shot.ref.rawValue))
        #expect(rows.first?[1] == .text("png"))
        #expect(rows.first?[2] == .bytes(image.bytes))
        #expect(image.bytes.count == 153)
        let state = try RunState(try store.log(run: recorder.run))
        #expect(state.episodes[0]?.images[.root] == [ObservedImage(image: shot.ref, format: .png, size: 153)])
    }
}
