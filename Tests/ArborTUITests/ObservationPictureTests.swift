import ArborCore
import ArborEnvironments
import ArborOfflineAgent
import ArborSearch
import Foundation
import TerminalKit
import TerminalPictures
import Testing

@testable import ArborTUI

/// The Observation tab draws the screenshot of the node under the cursor above its page text, and `z` zooms it to
/// the whole window; golden screens from a run recorded with an external environment that shows a page picture.
@Suite(.serialized) struct ObservationPictureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures").standardized

    /// A small MCTS run over `image_env.py` showing `page.png` with every page, recorded in memory.
    static func recordedRun() async throws -> MemoryLibrary {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-pictures-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shot = folder.appendingPathComponent("page.png").path
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("page.png").path, toPath: shot)
        let factory = ExternalEnvironmentFactory(
            ExternalEnvironmentConfiguration(
                command: try ExternalCommand(
                    arguments: ["python3", fixtures.appendingPathComponent("image_env.py").path, shot]),
                logFile: folder.appendingPathComponent("env.log").path))
        var config = SearchConfig(method: .mcts)
        config.iterationsPerStep = 2
        config.maxSteps = 2
        config.samples = 2
        let sink = MemorySink(clock: { 1_764_000_000 })
        sink.append(
            .runStarted(
                RunStarted(
                    environment: "image-env", model: "offline", method: "mcts", seed: 7, config: config.flattened)))
        let driver = RunDriver(
            config: config, agent: OfflineAgent(seed: 7), sink: sink, parallel: 1, clock: FixedClock(),
            environment: { task in try await factory.make(for: task) })
        _ = await driver.run([TaskSpec(id: "room/1", intent: "Walk through the rooms.")])
        sink.append(.runEnded(RunEnded(status: .finished)))
        var library = MemoryLibrary(logs: [1: sink.records], texts: [:])
        for record in sink.records {
            guard case .observed(let observed) = record.event else { continue }
            library.texts[observed.observation] = sink.text(observed.observation)
            for image in observed.images { library.images[image.image] = sink.image(image.image) }
        }
        return library
    }

    /// The run opened on its tree, the cursor on the root's first child, the Observation tab chosen.
    static func opened(pictures: Pictures = Pictures()) async throws -> Session {
        var session = Session(library: try await recordedRun())
        session.pictures = pictures
        session.refreshRuns()
        session.perform(.open)
        let tree = try #require(session.tree)
        let child = try #require(tree[.root].children.first)
        session.move(to: child)
        session.perform(.tab(.observation))
        return session
    }

    @Test func theObservationTabShowsTheScreenshotAboveThePageText() async throws {
        var session = try await Self.opened()
        for size in [TerminalSize(width: 80, height: 24), TerminalSize(width: 120, height: 35)] {
            let canvas = renderScreen(&session, size)
            try expectGolden(canvas, "observation-picture-\(size.width)x\(size.height)")
            #expect(canvas.renderText().contains { $0.contains("Screenshot · z: whole window") })
        }
    }

    @Test func zZoomsThePictureToTheWindowAndZOrEscGoesBack() async throws {
        var session = try await Self.opened()
        let size = TerminalSize(width: 80, height: 24)
        let tab = renderScreen(&session, size)
        session.handle(.character("z"))
        #expect(session.pictures.zoomed)
        let zoomed = renderScreen(&session, size)
        try expectGolden(zoomed, "picture-zoomed-80x24")
        session.handle(.character("z"))
        #expect(!session.pictures.zoomed)
        #expect(renderScreen(&session, size) == tab)
        session.handle(.character("z"))
        session.handle(.key(.escape))
        #expect(!session.pictures.zoomed)
        #expect(session.page == .tree)
        #expect(renderScreen(&session, size) == tab)
    }

    @Test func aNodeWithoutAScreenshotCannotBeZoomed() async throws {
        var session = Session(library: try await RecordedSearch.make())
        session.refreshRuns()
        session.perform(.open)
        session.handle(.character("z"))
        #expect(!session.pictures.zoomed)
        #expect(session.notice == "this node has no screenshot")
    }

    @Test func withPicturesOffTheTabShowsTextAloneAndZSaysWhy() async throws {
        var session = try await Self.opened(pictures: Pictures(choice: .off))
        let text = renderScreen(&session, TerminalSize(width: 80, height: 24)).renderText()
        #expect(!text.contains { $0.contains("Screenshot") })
        #expect(text.contains { $0.contains("Room 1") })
        session.handle(.character("z"))
        #expect(!session.pictures.zoomed)
        #expect(session.notice == "pictures are off (--images off)")
    }

    @Test func anUndecodableScreenshotIsNamedInsteadOfDrawn() async throws {
        var library = try await Self.recordedRun()
        // A PNG signature and nothing after it.
        let damaged = EncodedImage(format: .png, bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        for ref in library.images.keys { library.images[ref] = damaged }
        var session = Session(library: library)
        session.refreshRuns()
        session.perform(.open)
        session.move(to: try #require(session.tree?[.root].children.first))
        session.perform(.tab(.observation))
        let text = renderScreen(&session, TerminalSize(width: 120, height: 35)).renderText()
        // The inspector wraps libpng's reason and what to do in its 52 columns.
        #expect(text.contains { $0.hasSuffix("│Screenshot not shown: the PNG picture could not be") })
        #expect(text.contains { $0.hasSuffix("│decoded (read beyond end of data); export the run") })
        #expect(text.contains { $0.hasSuffix("│(arbor export --images files) to look at the file") })
    }

    @Test func aPixelPictureIsPlacedOverTheBlankRowsTheTabLeavesAndNotUnderAnOverlay() async throws {
        var session = try await Self.opened(pictures: Pictures(choice: .kitty))
        let canvas = renderScreen(&session, TerminalSize(width: 120, height: 35))
        let placement = try #require(session.pictures.placement)
        let inspector = try #require(session.lastLayout).inspector
        #expect(placement.x == inspector.x && placement.y == inspector.y + 3)
        let size = placement.picture.size
        #expect(size.width == inspector.width && size.height > 2)
        for y in placement.y..<placement.y + size.height {
            for x in placement.x..<placement.x + size.width { #expect(canvas[x, y] == .blank, "(\(x), \(y))") }
        }
        let text = canvas.renderText()
        #expect(text[placement.y + size.height].hasSuffix("│Screenshot · z: whole window"))
        #expect(placement.picture.escape.starts(with: Array("\u{1B}_Ga=T,f=32,".utf8)))
        session.perform(.help)
        _ = renderScreen(&session, TerminalSize(width: 120, height: 35))
        #expect(session.pictures.placement == nil)
        session.handle(.character("x"))
        session.handle(.character("z"))
        _ = renderScreen(&session, TerminalSize(width: 120, height: 35))
        let zoomed = try #require(session.pictures.placement)
        #expect(zoomed.y == 3 && zoomed.picture.size.width > size.width)
    }

    @Test func theDiffViewShowsBothSidesScreenshotsAboveTheirPages() async throws {
        let a = try await Self.recordedRun()
        let b = try await Self.recordedRun()
        var session = DiffSession(
            a: ComparedRun(name: "a.db:1", state: try RunState(a.logs[1]!), library: a, run: 1),
            b: ComparedRun(name: "b.db:1", state: try RunState(b.logs[1]!), library: b, run: 1))
        var canvas = Canvas(width: 160, height: 48)
        DiffScreen.render(&session, into: &canvas, now: 1_764_000_000)
        let text = canvas.renderText()
        let page = try #require(text.firstIndex { $0.contains(" page after step 0 ") })
        // Below each pane's page title: rows of art on both sides (a picture's cells, flat colour ones blank in the
        // text), then each side's page text.
        let art = (page + 1)..<(try #require(text.firstIndex { $0.hasPrefix("Room 1") }))
        #expect(art.count >= 5)
        for y in art {
            #expect(canvas[0, y].style.role == .picture && canvas[40, y].style.role == .picture, "row \(y)")
            #expect(canvas[80, y].style.role == .picture && canvas[120, y].style.role == .picture, "row \(y)")
        }
        #expect(text.contains { $0.hasPrefix("Room 1") && $0.contains("│Room 1") })
    }
}
