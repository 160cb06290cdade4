import ArborCore
import ArborEnvironments
import ArborOfflineAgent
import ArborSearch
import Foundation
import Testing

/// The engine stores each observation's images with it, names them in `observed`, records the ones it could not
/// read, and keeps them on a terminal whose verdict it reveals at the end.
@Suite struct ObservedImageTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures").standardized

    @Test func aSearchRecordsTheScreenshotsOfEveryObservation() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-shots-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("screenshot.png")))
        let shot = folder.appendingPathComponent("shot.png").path
        let missing = folder.appendingPathComponent("missing.png").path
        try Data(png).write(to: URL(fileURLWithPath: shot))
        let factory = ExternalEnvironmentFactory(
            ExternalEnvironmentConfiguration(
                command: try ExternalCommand(
                    arguments: ["python3", Self.fixtures.appendingPathComponent("image_env.py").path, shot, missing]),
                logFile: folder.appendingPathComponent("env.log").path))
        var config = SearchConfig(method: .mcts)
        config.iterationsPerStep = 2
        config.maxSteps = 3
        config.samples = 2
        let sink = MemorySink()
        sink.append(.runStarted(RunStarted(environment: "image-env", model: "offline", method: "mcts", seed: 7)))
        let driver = RunDriver(
            config: config, agent: OfflineAgent(seed: 7), sink: sink, parallel: 1,
            environment: { task in try await factory.make(for: task) })
        _ = await driver.run([TaskSpec(id: "room/1", intent: "Walk through the rooms.")])

        let image = try #require(EncodedImage(bytes: png))
        let expected = ObservedImage(image: Blob(image: image).ref, format: .png, size: png.count)
        #expect(sink.image(expected.image) == image)
        let observed = sink.events.compactMap { event -> Observed? in
            if case .observed(let o) = event { o } else { nil }
        }
        #expect(!observed.isEmpty)
        #expect(observed.allSatisfy { $0.images == [expected] })
        let errors = sink.events.compactMap { event -> ErrorRecord? in
            if case .error(let e) = event { e } else { nil }
        }
        #expect(errors.count == Set(observed.map(\.node)).count)
        #expect(
            errors.allSatisfy {
                $0.source == .environment
                    && $0.message == "the image \(missing) could not be read (no such file, or no permission to "
                        + "see it) and was not stored; the observation's text was kept"
            })
        let state = try RunState(sink.records)
        let tree = try #require(state.episodes[0])
        #expect(tree.committedPath.allSatisfy { tree.images[$0] == [expected] })
    }
}
