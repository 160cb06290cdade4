import Testing

@testable import ArborCore

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("hello", 5), ("~", 1), ("", 0),
        ("中", 2), ("中文", 4), ("漢字かな", 8), ("Ａ", 2), ("ｱ", 1),
        ("한", 2), ("한국어", 6), ("\u{1112}\u{1161}\u{11AB}", 2),
        ("😀", 2), ("👍", 2), ("👍🏽", 2), ("👨‍👩‍👧‍👦", 2), ("🇯🇵", 2), ("🇯🇵🇫🇷", 4), ("1️⃣", 2), ("#️⃣", 2),
        ("☀", 1), ("☀️", 2), ("❤️", 2),
        ("e\u{301}", 1), ("\u{301}", 0), ("a\u{20DD}", 1),
        ("\u{200B}", 0), ("\u{200D}", 0), ("\u{FE0F}", 0), ("\u{2060}", 0), ("\u{1B}", 0), ("\u{9B}", 0),
        ("a中😀e\u{301}", 6),
    ])
    func width(of text: String, is expected: Int) {
        #expect(DisplayWidth.of(text) == expected)
        #expect(text.displayWidth == expected)
    }

    @Test func familyIsOneCluster() {
        let family: String = "👨‍👩‍👧‍👦"
        #expect(family.count == 1)
        #expect(family.unicodeScalars.count == 7)
        #expect(DisplayWidth.of(family.first!) == 2)
    }

    @Test func scalarWidths() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x4E00)!) == 2)
        #expect(DisplayWidth.of(Unicode.Scalar(0x0301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x0041)!) == 1)
        #expect(DisplayWidth.of(Unicode.Scalar(0x1F600)!) == 2)
        #expect(DisplayWidth.of(Unicode.Scalar(0x20000)!) == 2)
    }
}
