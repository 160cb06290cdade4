/// What a theme says about one role: colours and attributes.
public struct ThemeEntry: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes

    public init(
        foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
        attributes: TextAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A style made concrete for one terminal: the colours and attributes a cell is drawn with (a theme entry with the
/// style's own attributes added).
public typealias ResolvedStyle = ThemeEntry

/// Maps style roles to colours and attributes. Loaded from a `.theme` file (see ``ThemeFile``); a role the theme
/// does not name is drawn as its `default` role.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var entries: [StyleRole: ThemeEntry]

    public init(name: String, entries: [StyleRole: ThemeEntry]) {
        self.name = name
        self.entries = entries
    }

    /// The colours and attributes for `style`: the role's entry (or `default`'s) plus the style's own attributes;
    /// a style's own colours win over the role's.
    public func resolve(_ style: Style) -> ResolvedStyle {
        if let own = style.colors {
            return ResolvedStyle(foreground: own.foreground, background: own.background, attributes: style.attributes)
        }
        let entry = entries[style.role] ?? entries[.normal] ?? ThemeEntry()
        return ResolvedStyle(
            foreground: entry.foreground, background: entry.background,
            attributes: entry.attributes.union(style.attributes))
    }

    /// This theme with every colour dropped, attributes kept.
    public func withoutColors() -> Theme {
        Theme(
            name: name,
            entries: entries.mapValues { ThemeEntry(attributes: $0.attributes) })
    }

    /// The theme to use given the process environment: `NO_COLOR` set to anything non-empty means ``monochrome``
    /// (https://no-color.org), otherwise `self`.
    public func honoringNoColor(_ environment: [String: String]) -> Theme {
        if let value = environment["NO_COLOR"], !value.isEmpty { return .monochrome }
        return self
    }

    /// Loads `<name>.theme` from the first directory that has it; the four shipped themes are built in and need
    /// no file. `NO_COLOR` in `environment` wins over any choice.
    public static func named(
        _ name: String, searching directories: [String], environment: [String: String]
    ) throws(ThemeError) -> Theme {
        let theme: Theme
        if let path = directories.map({ "\($0)/\(name).theme" }).first(where: ThemeFile.exists) {
            theme = try ThemeFile.load(path: path)
        } else if let builtin = Theme.builtins.first(where: { $0.name == name }) {
            theme = builtin
        } else {
            throw .notFound(name: name, searched: directories)
        }
        return theme.honoringNoColor(environment)
    }

    /// The default theme, for dark terminal backgrounds (the same as themes/dark.theme).
    public static let dark: Theme = ThemeFile.builtin(name: "dark", source: ThemeFile.darkSource)
    /// Attributes only, for NO_COLOR and terminals without colour (the same as themes/monochrome.theme).
    public static let monochrome: Theme = ThemeFile.builtin(name: "monochrome", source: ThemeFile.monochromeSource)
    /// For light backgrounds (the same as themes/light.theme).
    public static let light: Theme = ThemeFile.builtin(name: "light", source: ThemeFile.lightSource)
    /// Black and white with saturated accents (the same as themes/high-contrast.theme).
    public static let highContrast: Theme = ThemeFile.builtin(
        name: "high-contrast", source: ThemeFile.highContrastSource)
    /// The themes that need no file.
    public static let builtins: [Theme] = [.dark, .light, .highContrast, .monochrome]
}
