import ArborCore
import Foundation
import TerminalKit
import TerminalPictures
import Testing

/// Symbol art of a fixed page picture, compared with golden text: its symbols, then each cell's colours.
@Suite struct SymbolArtTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures").standardized

    static func picture(_ name: String) throws -> Pixels {
        let bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
        return try Pixels(decoding: try #require(EncodedImage(bytes: bytes)))
    }

    static let colour = SymbolStyle(symbols: .unicode, colors: .palette240)

    @Test func aPageFillsTheWidthOfAWideRoomInItsProportions() throws {
        let art = SymbolArt(
            try Self.picture("page.png"), fitting: TerminalSize(width: 40, height: 20), style: Self.colour)
        // 160×90 pixels in cells twice as tall as wide: 40 columns, 40 × 90/160 / 2 ≈ 11 rows.
        #expect(art.size == TerminalSize(width: 40, height: 11))
        try expectGolden(art, "page-40x11")
    }

    @Test func aPageFillsTheHeightOfALowRoom() throws {
        let art = SymbolArt(
            try Self.picture("page.png"), fitting: TerminalSize(width: 60, height: 5), style: Self.colour)
        #expect(art.size == TerminalSize(width: 17, height: 5))
        try expectGolden(art, "page-17x5")
    }

    @Test func aTerminalWithoutUTF8GetsASCIIWithoutColoursUnderNoColor() throws {
        let style = SymbolStyle(colors: 256, drawsASCII: true, term: "xterm", colorless: true)
        #expect(style == SymbolStyle(symbols: .ascii, colors: .none))
        let art = SymbolArt(try Self.picture("page.png"), fitting: TerminalSize(width: 40, height: 11), style: style)
        #expect(art.cells.allSatisfy { $0.grapheme.isASCII && $0.style == Style(.picture) })
        try expectGolden(art, "page-ascii-40x11")
    }

    @Test func theLinuxConsoleGetsHalfBlocks() throws {
        let style = SymbolStyle(colors: 8, drawsASCII: false, term: "linux", colorless: false)
        #expect(style == SymbolStyle(symbols: .halfBlocks, colors: .palette8))
        let art = SymbolArt(try Self.picture("page.png"), fitting: TerminalSize(width: 20, height: 6), style: style)
        let used = Set(art.cells.map(\.grapheme))
        #expect(used.isSubset(of: [" ", "▀", "▄", "▌", "▐", "█"]), "\(used)")
        // Eight colours, or none where the symbol does not use one (a space's foreground).
        let colors = art.cells.flatMap { [$0.style.colors?.foreground, $0.style.colors?.background] }
        #expect(
            colors.allSatisfy { color in
                if case .palette(let index, _) = color { return index < 8 }
                return color == .terminalDefault
            })
    }

    @Test func aRoomWithNoCellsGivesNoArt() throws {
        let art = SymbolArt(
            try Self.picture("page.png"), fitting: TerminalSize(width: 0, height: 5), style: Self.colour)
        #expect(art.size == TerminalSize(width: 0, height: 0))
        #expect(art.cells.isEmpty)
    }

    @Test func artDrawsIntoACanvasAtItsPlaceAndClipsAtTheRegionsEdge() throws {
        let art = SymbolArt(
            try Self.picture("page.png"), fitting: TerminalSize(width: 18, height: 5), style: Self.colour)
        var canvas = Canvas(width: 24, height: 4)
        art.draw(into: &canvas, x: 10, y: 1)
        #expect(canvas[9, 1] == .blank)
        #expect(canvas[10, 1] == art[0, 0])
        #expect(canvas[23, 3] == art[13, 2])
        #expect(canvas.renderText()[0] == "")
    }

    /// Compares `art` with `Golden/<name>.txt`: its rows of symbols, then each cell's foreground and background as
    /// two hex digits each ("--" for the terminal's own). `ARBOR_RECORD=1` rewrites the file instead.
    func expectGolden(_ art: SymbolArt, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        func hex(_ color: TerminalColor?) -> String {
            guard case .palette(let index, _) = color else { return "--" }
            return String(index, radix: 16).leftPadded(to: 2)
        }
        var rendered = ""
        for y in 0..<art.size.height {
            rendered += String((0..<art.size.width).map { art[$0, y].grapheme }) + "\n"
        }
        rendered += "--- colours (foreground background) ---\n"
        for y in 0..<art.size.height {
            rendered +=
                (0..<art.size.width).map { x in
                    let colors = art[x, y].style.colors
                    return hex(colors?.foreground) + hex(colors?.background)
                }.joined(separator: " ") + "\n"
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Golden/\(name).txt")
        if ProcessInfo.processInfo.environment["ARBOR_RECORD"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOf: url, encoding: .utf8)
        #expect(expected == rendered, "symbol art \(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
