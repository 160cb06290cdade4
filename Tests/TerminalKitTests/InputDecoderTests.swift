import Testing

@testable import TerminalKit

@Suite struct InputDecoderTests {
    private func decode(_ text: String, finish: Bool = true) -> [InputEvent] {
        var decoder = InputDecoder()
        var events: [InputEvent] = []
        for scalar in text.unicodeScalars { events += decoder.feed(.character(scalar.value)) }
        if finish { events += decoder.finish() }
        return events
    }

    @Test func plainKeys() {
        #expect(
            decode("aé中\r\t\u{7F}\u{8}\u{1}\u{1A}\u{0}")
                == [
                    .character("a"), .character("é"), .character("中"), .key(.enter), .key(.tab), .key(.backspace),
                    .key(.backspace), .control("a"), .control("z"), .control(" "),
                ])
    }

    @Test func escapeAltAndBrokenSequences() {
        #expect(decode("\u{1B}") == [.key(.escape)])
        #expect(decode("\u{1B}x") == [.alt("x")])
        #expect(decode("\u{1B}\u{1B}") == [.key(.escape), .key(.escape)])
        #expect(decode("\u{1B}\r") == [.key(.escape), .key(.enter)])
        // A sequence broken by a control character: Escape, then what was typed.
        #expect(decode("\u{1B}[2\r") == [.key(.escape), .character("["), .character("2"), .key(.enter)])
        #expect(decode("\u{1B}[") == [.key(.escape), .character("[")])
        #expect(decode("\u{1B}O") == [.alt("O")])
        #expect(decode("\u{1B}Oa", finish: false) == [])
        #expect(decode("\u{1B}[", finish: false) == [])
    }

    /// A sequence curses did not decode (End as `ESC [4~` in tmux, `ESC O F`, a modified key) is one key: consumed
    /// whole and ignored, so no Escape, `[`, `4`, `~` fire; what follows it is read as usual.
    @Test func unknownSequencesAreConsumedWhole() {
        #expect(decode("\u{1B}[4~") == [])
        #expect(decode("\u{1B}[4~j") == [.character("j")])
        #expect(decode("\u{1B}[1;5P\u{1B}OFk") == [.character("k")])
        #expect(decode("\u{1B}[2x") == [])
        #expect(decode("\u{1B}[200~a\u{1B}[201~\u{1B}[24~") == [.paste("a")])
    }

    @Test func bracketedPaste() {
        #expect(decode("\u{1B}[200~hello\r\nworld\rend\u{1B}[201~x") == [.paste("hello\nworld\nend"), .character("x")])
        // Escapes inside a paste are text, to be sanitised by whoever shows it.
        #expect(decode("\u{1B}[200~\u{1B}[31mred\u{1B}[201~") == [.paste("\u{1B}[31mred")])
        // A paste split across reads survives finish().
        var decoder = InputDecoder()
        var events: [InputEvent] = []
        for scalar in "\u{1B}[200~ab".unicodeScalars { events += decoder.feed(.character(scalar.value)) }
        events += decoder.finish()
        #expect(events == [])
        #expect(decoder.isMidSequence)
        events += decoder.feed(.key(.up))
        for scalar in "c\u{1B}[201~".unicodeScalars { events += decoder.feed(.character(scalar.value)) }
        #expect(events == [.paste("abc")])
        #expect(!decoder.isMidSequence)
    }

    @Test func keysAndEventsFlushAPendingEscape() {
        var decoder = InputDecoder()
        #expect(decoder.feed(.character(0x1B)) == [])
        #expect(decoder.feed(.key(.down)) == [.key(.escape), .key(.down)])
        #expect(
            decoder.feed(.event(.resize(TerminalSize(width: 3, height: 2)))) == [
                .resize(TerminalSize(width: 3, height: 2))
            ])
    }

    @Test func cursesKeyCodes() {
        #expect(CursesKeyMap.key(forCode: 0o402) == .down)
        #expect(CursesKeyMap.key(forCode: 0o403) == .up)
        #expect(CursesKeyMap.key(forCode: 0o410 + 1) == .function(1))
        #expect(CursesKeyMap.key(forCode: 0o410 + 12) == .function(12))
        #expect(CursesKeyMap.key(forCode: 0o541) == .backTab)
        #expect(CursesKeyMap.key(forCode: 0o522) == .pageDown)
        #expect(CursesKeyMap.key(forCode: 0o632) == nil)
    }
}
