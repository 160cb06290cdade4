import Foundation
import TerminalPictures
import Testing

/// Which image protocol a terminal speaks, from its replies to kitty's graphics query, XTVERSION and DA1: each
/// terminal played by a thread on the far end of two pipes that answers as that terminal would.
@Suite struct TerminalGraphicsQueryTests {
    /// A scripted terminal: reads the whole query, checks it, then writes `replies` one by one (a reply may come in
    /// pieces); `nil` replies means it answers nothing at all.
    final class ScriptedTerminal {
        let toTerminal: (read: Int32, write: Int32)
        let fromTerminal: (read: Int32, write: Int32)
        let thread: Thread

        init(replies: [String]?) throws {
            var a: [Int32] = [0, 0]
            var b: [Int32] = [0, 0]
            guard pipe(&a) == 0, pipe(&b) == 0 else { throw CocoaError(.fileWriteUnknown) }
            toTerminal = (a[0], a[1])
            fromTerminal = (b[0], b[1])
            let input = a[0]
            let output = b[1]
            thread = Thread {
                var heard: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 256)
                while heard.count < TerminalGraphicsQuery.query.count {
                    let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                    guard n > 0 else { return }
                    heard += buffer[0..<n]
                }
                guard heard == TerminalGraphicsQuery.query, let replies else { return }
                for reply in replies {
                    let bytes = Array(reply.utf8)
                    _ = bytes.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
                }
            }
            thread.start()
        }

        /// What Arbor concludes, asking this terminal.
        func detect(environment: [String: String] = [:], timeout: Double = 2) -> ImageProtocol? {
            TerminalGraphicsQuery.detect(
                input: fromTerminal.read, output: toTerminal.write, timeout: timeout, environment: environment)
        }

        deinit {
            for fd in [toTerminal.read, toTerminal.write, fromTerminal.read, fromTerminal.write] { close(fd) }
        }
    }

    @Test func theQueryAsksKittyXTVERSIONAndDA1InThatOrder() {
        #expect(
            String(decoding: TerminalGraphicsQuery.query, as: UTF8.self)
                == "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\\u{1B}[>q\u{1B}[c")
    }

    @Test func kittyAnswersItsGraphicsQuery() throws {
        let kitty = try ScriptedTerminal(replies: [
            "\u{1B}_Gi=31;OK\u{1B}\\", "\u{1B}P>|kitty(0.31.0)\u{1B}\\", "\u{1B}[?62;c",
        ])
        #expect(kitty.detect() == .kitty)
    }

    @Test func iTerm2NamesItselfInXTVERSION() throws {
        let iterm = try ScriptedTerminal(replies: ["\u{1B}P>|iTerm2 3.5.0\u{1B}\\\u{1B}[?62;4c"])
        #expect(iterm.detect() == .iterm)
    }

    @Test func anOlderITerm2IsKnownByTERMPROGRAM() throws {
        let iterm = try ScriptedTerminal(replies: ["\u{1B}[?62;22c"])
        #expect(iterm.detect(environment: ["TERM_PROGRAM": "iTerm.app"]) == .iterm)
    }

    @Test func xtermAsAVT340HasSixelInItsAttributes() throws {
        let xterm = try ScriptedTerminal(replies: ["\u{1B}P>|XTerm(388)\u{1B}\\", "\u{1B}[?63;1;2;4;6;9;15;22c"])
        #expect(xterm.detect() == .sixel)
    }

    @Test func aReplySplitAcrossReadsIsStillRead() throws {
        let foot = try ScriptedTerminal(replies: ["\u{1B}[?6", "2;4", ";22c"])
        #expect(foot.detect() == .sixel)
    }

    @Test func tmuxNamesNoProtocolSoSymbolsAreDrawn() throws {
        let tmux = try ScriptedTerminal(replies: ["\u{1B}P>|tmux 3.3a\u{1B}\\", "\u{1B}[?1;2c"])
        #expect(tmux.detect() == nil)
    }

    @Test func aTerminalThatAnswersNothingGetsSymbolsAfterTheTimeout() throws {
        let silent = try ScriptedTerminal(replies: nil)
        #expect(silent.detect(timeout: 0.05) == nil)
    }

    @Test func repliesAreParsedWithoutATerminal() {
        let reply = Array("\u{1B}[?64;1;2;4;6c".utf8)
        #expect(TerminalGraphicsQuery.isComplete(reply))
        #expect(!TerminalGraphicsQuery.isComplete(Array("\u{1B}[?64;1".utf8)))
        #expect(TerminalGraphicsQuery.protocolFrom(reply: reply, environment: [:]) == .sixel)
        #expect(TerminalGraphicsQuery.protocolFrom(reply: Array("\u{1B}[?6c".utf8), environment: [:]) == nil)
    }
}
