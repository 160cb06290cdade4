/// One terminal cell: a grapheme cluster and its style. The second column of a wide character is a continuation
/// cell, which draws nothing of its own.
public struct Cell: Hashable, Sendable {
    public var grapheme: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ grapheme: Character, style: Style = .normal, isContinuation: Bool = false) {
        self.grapheme = grapheme
        self.style = style
        self.isContinuation = isContinuation
    }

    /// A space in the default style.
    public static let blank = Cell(" ")

    static func continuation(style: Style) -> Cell { Cell(" ", style: style, isContinuation: true) }
}
