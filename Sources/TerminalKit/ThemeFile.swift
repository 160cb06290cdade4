#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `.theme` text format: one `role = token token …` per line, `#` starts a comment. Tokens are `fg:COLOR`,
/// `bg:COLOR`, `bold`, `dim`, `underline`, `reverse`; COLOR is `default`, a 256-palette index with an optional
/// `/N` 16-colour fallback (`fg:39/12`), or a basic colour name (`red`, `bright-blue`, …).
public enum ThemeFile {
    /// Parses theme text; `source` names it in errors (a path or "built-in dark").
    public static func parse(_ text: String, name: String, source: String) throws(ThemeError) -> Theme {
        var entries: [StyleRole: ThemeEntry] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            func invalid(_ reason: String) -> ThemeError {
                .invalidLine(source: source, line: index + 1, text: String(rawLine), reason: reason)
            }
            let sides = trimmed.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard sides.count == 2 else { throw invalid("missing '='") }
            let role = sides[0].trimmingWhitespace()
            guard !role.isEmpty, !role.contains(where: \.isWhitespace) else { throw invalid("bad role name") }
            var entry = ThemeEntry()
            for token in sides[1].split(whereSeparator: \.isWhitespace) {
                switch token {
                case "bold": entry.attributes.insert(.bold)
                case "dim": entry.attributes.insert(.dim)
                case "underline": entry.attributes.insert(.underline)
                case "reverse": entry.attributes.insert(.reverse)
                default:
                    if token.hasPrefix("fg:"), let color = color(token.dropFirst(3)) {
                        entry.foreground = color
                    } else if token.hasPrefix("bg:"), let color = color(token.dropFirst(3)) {
                        entry.background = color
                    } else {
                        throw invalid("unknown token '\(token)'")
                    }
                }
            }
            entries[StyleRole(String(role))] = entry
        }
        return Theme(name: name, entries: entries)
    }

    /// Reads and parses a theme file; the theme is named after the file (`themes/light.theme` → "light").
    public static func load(path: String) throws(ThemeError) -> Theme {
        guard let file = fopen(path, "r") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let name = fileName.hasSuffix(".theme") ? String(fileName.dropLast(6)) : fileName
        return try parse(String(decoding: bytes, as: UTF8.self), name: name, source: path)
    }

    static func exists(_ path: String) -> Bool { access(path, R_OK) == 0 }

    /// A built-in theme; its source is covered by tests, so the empty fallback is never used.
    static func builtin(name: String, source: String) -> Theme {
        (try? parse(source, name: name, source: "built-in \(name)")) ?? Theme(name: name, entries: [:])
    }

    private static let basicNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta",
        "bright-cyan", "bright-white",
    ]

    private static func color(_ text: Substring) -> TerminalColor? {
        if text == "default" { return .terminalDefault }
        if let index = basicNames.firstIndex(of: String(text)) { return .palette(UInt8(index)) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let index = UInt8(parts[0]) else { return nil }
        if parts.count == 1 { return .palette(index) }
        guard let fallback = UInt8(parts[1]), fallback < 16 else { return nil }
        return .palette(index, fallback: fallback)
    }

    static let darkSource = """
        # Arbor's default theme, for dark backgrounds. Colours: 256-palette index, /N = 16-colour fallback.
        default     = fg:default bg:default
        border      = fg:240/8
        title       = fg:75/12 bold
        status      = fg:252/15 bg:236/4
        selection   = fg:231/15 bg:24/4 bold
        muted       = fg:244/8
        accent      = fg:75/12
        success     = fg:78/10
        failure     = fg:203/9
        warning     = fg:214/11
        value.high  = fg:78/10
        value.middle = fg:221/11
        value.low   = fg:203/9
        badge       = fg:176/13
        escaped     = fg:209/9 underline
        divergence  = fg:16/0 bg:214/11 bold
        """

    static let monochromeSource = """
        # Attributes only: used when NO_COLOR is set or the terminal has no colours.
        default     =
        border      = dim
        title       = bold
        status      = reverse
        selection   = reverse bold
        muted       = dim
        accent      = bold
        success     = bold
        failure     = bold underline
        warning     = underline
        value.high  = bold
        value.middle =
        value.low   = dim
        badge       = bold
        escaped     = underline
        divergence  = reverse underline
        """
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let slice = self[...]
        guard let start = slice.firstIndex(where: { !$0.isWhitespace }),
            let end = slice.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return Substring(slice[start...end])
    }
}
