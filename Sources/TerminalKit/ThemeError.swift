/// Why a theme could not be loaded; the description says where and what to fix.
public enum ThemeError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidLine(source: String, line: Int, text: String, reason: String)
    case notFound(name: String, searched: [String])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read theme file \(path): \(reason)"
        case .invalidLine(let source, let line, let text, let reason):
            "\(source) line \(line): \(reason) in '\(text)'. A line reads `role = fg:COLOR bg:COLOR [bold] [dim] "
                + "[underline] [reverse]`, COLOR being default, 0-255 (optionally /0-15 for 16-colour terminals) "
                + "or a basic colour name"
        case .notFound(let name, let searched):
            "no theme named '\(name)' (looked for \(name).theme in \(searched.joined(separator: ", "))); "
                + "the built-in themes are dark, light, high-contrast and monochrome"
        }
    }
}
