import ArborCore
import ArborTUI
import Foundation
import TerminalKit
import TerminalPictures

/// Screenshots in the front end: decoding a 1280×720 page and drawing it as symbols in 60×20 cells, and keypress →
/// frame on nodes with screenshots beside the same nodes without. `arbor bench images` runs it.
public struct ImagesBenchmark {
    /// Times each measurement is repeated.
    public var repeats: Int

    public init(repeats: Int) { self.repeats = repeats }

    /// Distinct screenshots in the run: more than the front end keeps decoded, so every move decodes one afresh.
    static let screenshots = 8

    public func run() throws {
        #if DEBUG
            report("build: debug (figures are slower than a release build's)")
        #else
            report("build: release")
        #endif
        let pixels = Self.page(width: 1280, height: 720, variant: 0)
        let png = try pixels.encodedPNG()
        report("a synthetic 1280x720 page screenshot, PNG \(png.bytes.count) bytes; \(repeats) repeats each")
        let style = SymbolStyle(symbols: .unicode, colors: .palette240)
        let room = TerminalSize(width: 60, height: 20)
        var decoded = pixels
        let decode = try measure { decoded = try Pixels(decoding: png) }
        var art = SymbolArt(decoded, fitting: room, style: style)
        let symbols = try measure { art = SymbolArt(decoded, fitting: room, style: style) }
        let both = try measure { art = SymbolArt(try Pixels(decoding: png), fitting: room, style: style) }
        report(row("decode the PNG (libpng)", decode, ""))
        report(row("symbols in 60x20 cells (libchafa)", symbols, ""))
        // The first time a screenshot is shown; after that its art is kept and a frame only copies cells.
        report(row("decode + symbols (a picture's first frame)", both, ""))
        report("  art: \(art.size.width)x\(art.size.height) cells")

        let (library, withImages) = try Self.run(nodes: 2_000)
        var without = library
        without.images = [:]
        report("keypress (j) -> frame on a 2,000-node run, Observation tab, 160x48   median      p99")
        let plain = try keyToFrame(library: without)
        let pictured = try keyToFrame(library: library)
        report(row("  nodes without a screenshot", plain, ""))
        report(row("  nodes with one (\(withImages) nodes, \(Self.screenshots) pictures)", pictured, ""))
        let added = percentile(pictured, 0.5) - percentile(plain, 0.5)
        report(
            reportRow("  added by the screenshot (median)", String(format: "%8.2f ms", added), width: 52)
                + "   target <= 10 ms" + (added <= 10 ? "   ok" : "   MISSED"))
    }

    /// Times in milliseconds of `repeats` runs of `body`.
    private func measure(_ body: () throws -> Void) throws -> [Double] {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<repeats {
            let started = clock.now
            try body()
            times.append(seconds(clock.now - started) * 1000)
        }
        return times
    }

    /// `j` pressed and the frame drawn, `repeats` times, on the Observation tab of `library`'s run.
    private func keyToFrame(library: MemoryRunLibrary) throws -> [Double] {
        var session = Session(library: library)
        session.open(run: 1)
        session.perform(.tab(.observation))
        var canvas = Canvas(width: 160, height: 48)
        session.render(into: &canvas, now: 0)
        return try measure {
            session.handle(.character("j"))
            session.render(into: &canvas, now: 0)
        }
    }

    /// A synthetic run of `nodes` nodes in which every node was observed (again) with one of ``screenshots``
    /// pictures (by its id), and how many nodes that is.
    static func run(nodes: Int) throws -> (MemoryRunLibrary, Int) {
        let log = SyntheticTreeLog(nodes: nodes)
        let state = try RunState(log.records)
        guard let tree = state.episodes[0] else { return (MemoryRunLibrary(run: 1, records: [], texts: [:]), 0) }
        var images: [BlobRef: EncodedImage] = [:]
        var shots: [ObservedImage] = []
        for variant in 0..<screenshots {
            let image = try page(width: 1280, height: 720, variant: variant).encodedPNG()
            let blob = Blob(image: image)
            images[blob.ref] = image
            shots.append(ObservedImage(image: blob.ref, format: .png, size: image.bytes.count))
        }
        var records = log.records
        var seen = 0
        let anyPage = log.texts.keys.sorted { $0.rawValue < $1.rawValue }[0]
        for node in tree.nodes {
            let page = node.observation ?? anyPage
            let observed = Observed(
                episode: 0, node: node.id, observation: page, reward: 0, terminal: node.terminal, success: node.success,
                images: [shots[Int(node.id.rawValue) % screenshots]])
            records.append(EventRecord(seq: Int64(records.count + 1), time: 0, event: .observed(observed)))
            seen += 1
        }
        var library = MemoryRunLibrary(run: 1, records: records, texts: log.texts)
        library.images = images
        return (library, seen)
    }

    /// A page-like picture: a header bar, a search box and button, a grid of listings with text lines, each
    /// `variant` in its own colours and places.
    static func page(width: Int, height: Int, variant: Int) -> Pixels {
        var rgba = [UInt8](repeating: 250, count: width * height * 4)
        func box(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ r: UInt8, _ g: UInt8, _ b: UInt8) {
            for y in max(0, y0)..<min(height, y1) {
                for x in max(0, x0)..<min(width, x1) {
                    let i = (y * width + x) * 4
                    rgba[i] = r
                    rgba[i + 1] = g
                    rgba[i + 2] = b
                }
            }
        }
        let hue = UInt8(truncatingIfNeeded: 40 + variant * 27)
        box(0, 0, width, 64, 32, hue, 160)
        box(40, 96, 840, 140, 255, 255, 255)
        box(860, 96, 1000, 140, 200, 40, UInt8(truncatingIfNeeded: variant * 30))
        for item in 0..<8 {
            let x = 40 + (item % 4) * 300
            let y = 180 + (item / 4) * 260 + variant * 6
            box(x, y, x + 260, y + 120, UInt8(truncatingIfNeeded: 90 + item * 20), 150, hue)
            for line in 0..<4 { box(x, y + 140 + line * 22, x + 240 - line * 40, y + 152 + line * 22, 60, 60, 60) }
        }
        for i in stride(from: 3, to: rgba.count, by: 4) { rgba[i] = 255 }
        return Pixels(width: width, height: height, rgba: rgba)
    }

    private func row(_ label: String, _ times: [Double], _ target: String) -> String {
        reportRow(
            label, String(format: "%8.2f ms %8.2f ms", percentile(times, 0.5), percentile(times, 0.99)), width: 52)
            + (target.isEmpty ? "" : "   target " + target)
    }
}
