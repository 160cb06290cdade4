import ArborTesting
import Foundation
import Testing

/// Screenshots in a real terminal: a run recorded from an environment that shows a page picture, replayed in tmux.
/// tmux speaks no image protocol, so asking it (the default, `--images auto`) gives symbol art.
@Suite(.serialized) struct PictureTmuxTests {
    let arbor: String
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures").standardized

    init() throws { arbor = try arborExecutable().path }

    /// A run of `image_env.py` showing `page.png` with every page, in a fresh folder; its database's path.
    func recordedRun() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-picture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = folder.appendingPathComponent("runs.db").path
        let env = fixtures.appendingPathComponent("image_env.py").path
        let page = fixtures.appendingPathComponent("page.png").path
        let result = try runArbor([
            "run", "--db", db, "--env", "exec:python3 \(env) \(page)", "--method", "mcts", "--tasks", "1",
            "--iterations", "2", "--samples", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return db
    }

    /// How many upper-half, right-half and quadrant blocks (▀ ▐ ▖ ▗ ▘ ▙ …) a screen shows: the art's edges (its flat
    /// areas are coloured spaces). Visit bars and sparklines use lower and left blocks only.
    static func blocks(_ screen: [String]) -> Int {
        screen.reduce(0) { count, line in
            count
                + line.unicodeScalars.filter {
                    [0x2580, 0x2590].contains($0.value) || (0x2596...0x259F).contains($0.value)
                }
                .count
        }
    }

    @Test func theObservationTabDrawsTheScreenshotAsSymbolsAndZZoomsIt() throws {
        let db = try recordedRun()
        let tmux = try Tmux(width: 120, height: 35, command: [arbor, "replay", db, "--run", "1"])
        defer { tmux.close() }
        _ = try tmux.waitFor { $0.count > 3 && $0[1].hasPrefix("Task ") }
        try tmux.send(keys: "j")
        try tmux.send(keys: "2")
        let tab = try tmux.waitFor { $0.contains { $0.contains("Screenshot · z: whole window") } }
        #expect(Self.blocks(tab) >= 5, "\(tab.joined(separator: "\n"))")
        #expect(tab.contains { $0.contains("Room ") }, "the page's text is below the picture")
        try tmux.send(keys: "z")
        let zoomed = try tmux.waitFor { $0.contains { $0.contains("z or Esc: back") } }
        // The picture covers the page: the tree and the page text are gone, the art remains.
        #expect(Self.blocks(zoomed) >= 20, "\(zoomed.joined(separator: "\n"))")
        #expect(!zoomed.contains { $0.contains("Room ") || $0.contains("visits") })
        try tmux.send(keys: "Escape")
        let back = try tmux.waitFor { $0.contains { $0.contains("Screenshot · z: whole window") } }
        #expect(!back.contains { $0.contains("z or Esc: back") })
    }

    @Test func imagesOffShowsThePageTextAlone() throws {
        let db = try recordedRun()
        let tmux = try Tmux(width: 120, height: 35, command: [arbor, "replay", db, "--run", "1", "--images", "off"])
        defer { tmux.close() }
        _ = try tmux.waitFor { $0.count > 3 && $0[1].hasPrefix("Task ") }
        try tmux.send(keys: "j")
        try tmux.send(keys: "2")
        let tab = try tmux.waitFor { $0.contains { $0.contains("Room ") } }
        #expect(!tab.contains { $0.contains("Screenshot") })
        #expect(Self.blocks(tab) == 0)
    }
}
