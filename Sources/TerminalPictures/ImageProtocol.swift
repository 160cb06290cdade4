/// A way to show pixels in a terminal, beside curses' text.
public enum ImageProtocol: String, Sendable, CaseIterable {
    /// kitty's graphics protocol (kitty, Ghostty, WezTerm, Konsole).
    case kitty
    /// DEC sixel graphics (xterm -ti vt340, foot, mlterm, WezTerm, Windows Terminal).
    case sixel
    /// iTerm2's inline images (iTerm2, WezTerm).
    case iterm
}

/// What `--images` asks for: a protocol, symbol art, nothing, or whatever the terminal answers it has.
public enum ImagesChoice: String, Sendable, CaseIterable {
    /// Ask the terminal; symbol art when it names no protocol (or answers nothing).
    case auto
    case kitty, sixel, iterm
    /// Symbol art in the text, whatever the terminal can do.
    case symbols
    /// No pictures.
    case off

    /// The protocol this choice names outright, without asking the terminal.
    public var namedProtocol: ImageProtocol? { ImageProtocol(rawValue: rawValue) }
}
