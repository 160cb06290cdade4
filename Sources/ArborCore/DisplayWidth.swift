/// How many terminal columns text occupies, computed in Swift from Unicode properties rather than the C library's
/// `wcwidth`, whose tables differ between systems and know nothing of emoji sequences. The grapheme cluster is the
/// unit: a cluster is 0, 1 or 2 columns wide.
public enum DisplayWidth {
    /// The width of one grapheme cluster: 2 for emoji presentation (including ZWJ sequences, flags, keycaps and
    /// skin tones) and East Asian Wide/Fullwidth bases; 0 for clusters made only of marks, controls and
    /// zero-width format characters; 1 otherwise.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let base = scalars.first(where: { of($0) != 0 }) else { return 0 }
        if base.properties.isEmojiPresentation { return 2 }
        // A text-default emoji followed by VS16 (U+FE0F) is drawn as an emoji: "☀️", "1️⃣", "❤️".
        if base.properties.isEmoji && scalars.contains(emojiVariationSelector) { return 2 }
        return of(base)
    }

    /// The width of one scalar taken on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x7F { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
            return 0
        default:
            break
        }
        if isZeroWidthJamo(value) { return 0 }
        if scalar.properties.isEmojiPresentation || isEastAsianWide(value) { return 2 }
        return 1
    }

    /// The width of a string: the sum of its grapheme clusters' widths.
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    private static let emojiVariationSelector: Unicode.Scalar = "\u{FE0F}"

    /// Hangul medial vowels and final consonants combine with the preceding leading consonant.
    private static func isZeroWidthJamo(_ value: UInt32) -> Bool {
        (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value)
    }

    /// East Asian Width W or F, outside the emoji (which `isEmojiPresentation` covers).
    private static func isEastAsianWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        var low = 0
        var high = eastAsianWideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = eastAsianWideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// Sorted, non-overlapping ranges of East Asian Wide and Fullwidth code points (Unicode 15).
    private static let eastAsianWideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo leading consonants
        0x2329...0x232A,  // angle brackets
        0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,  // kana, Bopomofo, Hangul compatibility jamo, Kanbun, CJK strokes, enclosed, compatibility
        0x3400...0x4DBF,  // CJK extension A
        0x4DC0...0x4DFF,  // Yijing hexagrams
        0x4E00...0x9FFF,  // CJK unified ideographs
        0xA000...0xA4CF,  // Yi
        0xA960...0xA97F,  // Hangul Jamo extended A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFE10...0xFE19,  // vertical forms
        0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
        0xFF00...0xFF60,  // fullwidth forms
        0xFFE0...0xFFE6,  // fullwidth signs
        0x16FE0...0x16FE4,  // ideographic symbols
        0x17000...0x18CFF,  // Tangut, Khitan
        0x1AFF0...0x1B2FF,  // kana extended and supplement, Nushu
        0x1F200...0x1F202,  // enclosed ideographic supplement
        0x1F210...0x1F23B,
        0x1F240...0x1F248,
        0x1F250...0x1F251,
        0x1F260...0x1F265,
        0x20000...0x2FFFD,  // CJK extensions B-F, compatibility supplement
        0x30000...0x3FFFD,  // CJK extensions G-H
    ]
}

extension Character {
    /// Terminal columns this grapheme cluster occupies (see ``DisplayWidth``).
    public var displayWidth: Int { DisplayWidth.of(self) }
}

extension StringProtocol {
    /// Terminal columns this text occupies (see ``DisplayWidth``).
    public var displayWidth: Int { DisplayWidth.of(self) }
}
