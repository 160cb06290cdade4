import Foundation
import TerminalKit
import Testing

@testable import ArborTUI

/// A whole frame of `session` at `size`, at a fixed time, as the golden screens draw it.
func renderScreen(_ session: inout Session, _ size: TerminalSize) -> Canvas {
    var canvas = Canvas(width: size.width, height: size.height)
    session.render(into: &canvas, now: 1_764_000_000)
    return canvas
}

/// Compares a canvas with `Golden/<name>.txt`: the text, then its style layer (one letter per cell naming the
/// role). `ARBOR_RECORD=1` rewrites the file instead, for a change made on purpose and reviewed in the diff.
func expectGolden(_ canvas: Canvas, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let text = canvas.renderText().joined(separator: "\n")
    let styles = canvas.renderStyles(letters: [
        "value.high": "H", "value.middle": "M", "value.low": "L", "selection": "S", "status": "B", "escaped": "E",
    ]).joined(separator: "\n")
    let rendered = text + "\n--- styles ---\n" + styles + "\n"
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["ARBOR_RECORD"] == "1" {
        try rendered.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try? String(contentsOf: url, encoding: .utf8)
    #expect(
        expected != nil, "no golden file \(name).txt: record it with ARBOR_RECORD=1", sourceLocation: sourceLocation)
    guard let expected else { return }
    if expected != rendered {
        let got = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
        Issue.record(
            "screen \(name) differs from its golden file at line \(line + 1):\n  got:  \(line < got.count ? got[line] : "")\n  want: \(line < want.count ? want[line] : "")",
            sourceLocation: sourceLocation)
    }
}
