import ArborTesting
import Foundation
import Testing

/// The front end on terminals that are not a modern emulator: the Linux console (8 colours, no alternate screen)
/// and a locale that is not UTF-8.
@Suite(.serialized) struct ConsoleTmuxTests {
    let arbor: String
    let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../sample-runs/miniweb.db").standardized.path

    init() throws { arbor = try arborExecutable().path }

    /// Guides and muted text used to fold to colour 30 (black on the console's black); now they are the console's
    /// own colour, dimmed. The console keeps what was drawn after a program ends, so `q` clears the screen.
    @Test func theLinuxConsoleShowsEveryLabelAndIsClearedOnQuit() throws {
        let tmux = try Tmux(
            width: 80, height: 24, command: [arbor, "replay", samples, "--run", "1"], environment: ["TERM": "linux"])
        defer { tmux.close() }
        let screen = try tmux.waitFor { $0.count > 3 && $0[1].hasPrefix("Task ") && $0[4].hasPrefix("├─ ") }
        #expect(screen[4].hasPrefix("├─ select [6] \"Green\""))
        let coloured = try tmux.screen(escapes: true).joined(separator: "\n")
        #expect(!coloured.contains("\u{1B}[30m"), "nothing is drawn in black")
        #expect(coloured.contains("\u{1B}[0;2m\u{1B}[39m\u{1B}[49m├─ "), "a guide is the default colour, dimmed")
        try tmux.send(keys: "q")
        let after = try tmux.waitFor { screen in screen.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
        #expect(after.allSatisfy { $0.allSatisfy(\.isWhitespace) }, "the last frame is gone: \(after)")
    }

    /// `LANG=C` names a terminal that may not speak UTF-8: guides, bars, badges and arrows are drawn in ASCII.
    @Test func aLocaleThatIsNotUTF8DrawsASCII() throws {
        let tmux = try Tmux(
            width: 80, height: 24, command: [arbor, "replay", samples, "--run", "1"],
            environment: ["LANG": "C", "LC_ALL": "C"])
        defer { tmux.close() }
        let screen = try tmux.waitFor { $0.count > 3 && $0[1].hasPrefix("Task ") && $0[4].hasPrefix("+- ") }
        #expect(screen[0].hasPrefix("Arbor . run 1 . rmcts-debate . miniweb . offline"))
        #expect(screen[3].hasPrefix("vselect [5] \"Price: high to low\""))
        #expect(screen[3].hasSuffix("11   0.05  .33 ######## *DR"))
        #expect(screen[4].hasPrefix("+- select [6] \"Green\""))
        #expect(screen.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "\(screen)")
    }
}
