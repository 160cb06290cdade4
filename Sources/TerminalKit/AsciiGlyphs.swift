import ArborCore

/// What a terminal whose locale is not UTF-8 shows instead of each character: ASCII stays, the drawing characters
/// the front end uses (guides, bars, badges, arrows) become ASCII look-alikes, and anything else becomes `?`, one per
/// column it would have taken, so the layout stays where the canvas put it.
public enum AsciiGlyphs {
    /// The ASCII text for `grapheme`, as wide as the grapheme (1 or 2 columns).
    public static func replacement(for grapheme: Character) -> String {
        if grapheme.isASCII { return String(grapheme) }
        if let known = table[grapheme] { return String(known) }
        return grapheme.displayWidth == 2 ? "??" : "?"
    }

    /// Each drawing character above the ASCII character below it: guides and frames; bars and sparklines (lower and
    /// left blocks by how much of the cell they fill); the badges of the tree, in `Badges.legend`'s order; arrows,
    /// markers and punctuation.
    private static let drawing: String = "─━│┌┐└┘├┤┬┴┼▁▂▃▄▅▆▇█▏▎▍▌▋▊▉●◌✓✗■⚖✦⚑⊘↶✎▶▸▾◆•·×–—…›←↑→↓↵⇄∞≠⏸"
    private static let ascii: String = "-=|+++++++++__.--=## ::||##*o+x#DRP/<N>>v**.x--.><^>v<=~#|"
    static let table: [Character: Character] = Dictionary(uniqueKeysWithValues: zip(drawing, ascii))
}
