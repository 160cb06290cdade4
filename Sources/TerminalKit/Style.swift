/// A semantic name for how something looks ("selection", "value.high"); a ``Theme`` decides the colours.
public struct StyleRole: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { self.rawValue = name }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// Plain text; also what a theme falls back to for a role it does not name.
    public static let normal: StyleRole = "default"
    public static let border: StyleRole = "border"
    public static let title: StyleRole = "title"
    public static let statusBar: StyleRole = "status"
    public static let selection: StyleRole = "selection"
    public static let muted: StyleRole = "muted"
    public static let accent: StyleRole = "accent"
    public static let success: StyleRole = "success"
    public static let failure: StyleRole = "failure"
    public static let warning: StyleRole = "warning"
    public static let valueHigh: StyleRole = "value.high"
    public static let valueMiddle: StyleRole = "value.middle"
    public static let valueLow: StyleRole = "value.low"
    public static let badge: StyleRole = "badge"
    /// Visible stand-ins for escapes and controls that ``TerminalText`` neutralised.
    public static let escaped: StyleRole = "escaped"
    /// Where two compared trajectories first part (the diff view).
    public static let divergence: StyleRole = "divergence"
    /// A picture drawn as symbols: its cells carry their own ``Style/colors``.
    public static let picture: StyleRole = "picture"
}

/// Text attributes that every terminal (and monochrome mode) can show.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
}

/// How a cell should look: a role (coloured by the theme) plus attributes added on top of the theme's own.
public struct Style: Hashable, Sendable {
    public var role: StyleRole
    public var attributes: TextAttributes
    /// Colours of the cell's own, which no theme names (a picture's pixels); nil for text, which the theme colours.
    public var colors: CellColors?

    public init(_ role: StyleRole = .normal, _ attributes: TextAttributes = []) {
        self.role = role
        self.attributes = attributes
    }

    /// A cell of a picture, in its own colours.
    public init(picture colors: CellColors) {
        self.role = .picture
        self.attributes = []
        self.colors = colors
    }

    /// The default role with no extra attributes.
    public static let normal = Style()
}

/// A cell's own foreground and background.
public struct CellColors: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor

    public init(foreground: TerminalColor, background: TerminalColor) {
        self.foreground = foreground
        self.background = background
    }
}
