import Testing

@testable import ArborCore

@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("\u{1B}[31mred\u{1B}[0m", "␛[31mred␛[0m"),
        ("\u{1B}[2J\u{1B}[H", "␛[2J␛[H"),
        ("\u{1B}]52;c;aGVsbG8=\u{07}", "␛]52;c;aGVsbG8=␇"),
        ("\u{1B}]0;pwned\u{1B}\\", "␛]0;pwned␛\\"),
        ("\u{9B}31m", "⟨U+009B⟩31m"),
        ("\u{9D}0;t\u{9C}", "⟨U+009D⟩0;t⟨U+009C⟩"),
        ("abc\u{202E}def\u{2066}x\u{2069}", "abc⟨U+202E⟩def⟨U+2066⟩x⟨U+2069⟩"),
        ("a\u{0}b", "a␀b"),
        ("ding\u{07}", "ding␇"),
        ("ab\u{08}c", "ab␈c"),
        ("abc\rX", "abc␍X"),
        ("a\u{7F}", "a␡"),
        ("a\nb", "a␊b"),
        ("a\u{2028}b", "a⟨U+2028⟩b"),
        ("a\tb", "a   b"),
        ("中\tx", "中  x"),
        ("abcd\te", "abcd    e"),
        ("e\u{301}\u{1B}", "e\u{301}␛"),
        ("👨‍👩‍👧‍👦 ok", "👨‍👩‍👧‍👦 ok"),
    ])
    func sanitizes(_ hostile: String, to expected: String) {
        let safe = TerminalText.sanitize(hostile)
        #expect(safe == expected)
        #expect(!safe.unicodeScalars.contains(where: TerminalText.isUnsafe))
    }

    @Test func invalidUTF8Bytes() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xC3, 0xA9, 0xE2, 0x82, 0x1B, 0x5B, 0x41, 0xC0, 0x80, 0xED, 0xA0, 0x80]
        #expect(
            TerminalText.sanitize(bytes: bytes) == "a⟨0xFF⟩bé⟨0xE2⟩⟨0x82⟩␛[A⟨0xC0⟩⟨0x80⟩⟨0xED⟩⟨0xA0⟩⟨0x80⟩")
        #expect(TerminalText.sanitize(bytes: Array("中文 ok".utf8)) == "中文 ok")
        #expect(TerminalText.sanitize(bytes: [0xF0, 0x9F, 0x98, 0x80]) == "😀")
    }

    @Test func splitsLines() {
        #expect(TerminalText.lines("one\r\ntwo\n\u{1B}[1mthree\r") == ["one", "two", "␛[1mthree␍"])
        #expect(TerminalText.lines("") == [""])
        #expect(TerminalText.lines("a\n") == ["a", ""])
    }

    @Test func runsMarkWhatWasNeutralised() {
        #expect(
            TerminalText.runs("x\u{1B}\u{7}[1m") == [
                TerminalText.Run("x", isEscaped: false), TerminalText.Run("␛␇", isEscaped: true),
                TerminalText.Run("[1m", isEscaped: false),
            ])
        #expect(
            TerminalText.lineRuns("a\n\u{0}") == [
                [TerminalText.Run("a", isEscaped: false)], [TerminalText.Run("␀", isEscaped: true)],
            ])
    }
}
