import Glibc

/// Something the person at the terminal (or the process around it) did, as the UI loop sees it.
public enum InputEvent: Hashable, Sendable {
    /// A printable character typed.
    case character(Character)
    /// A named key.
    case key(Key)
    /// Ctrl with a letter, given in lower case ("a" for Ctrl-A). Ctrl-I, Ctrl-M and Ctrl-H arrive as Tab, Enter and
    /// Backspace, because terminals send the same bytes for them.
    case control(Character)
    /// Alt (Meta) with a printable character, sent by terminals as Escape followed by the character.
    case alt(Character)
    case mouse(MouseEvent)
    /// Text pasted while bracketed paste was on, newlines normalised to "\n". It is not sanitised.
    case paste(String)
    /// The terminal now has this size; the backend has already resized its screen.
    case resize(TerminalSize)
    /// The process was asked to stop (Ctrl-C, `kill`) or lost its terminal; the UI should end and close.
    case signal(TerminalSignal)
    /// Another thread called ``TerminalWaker/wake()``: something happened that may need a redraw.
    case wake
}

/// Keys with names.
public enum Key: Hashable, Sendable {
    case up, down, left, right
    case home, end, pageUp, pageDown
    case tab, backTab, enter, escape, backspace, delete, insert
    /// F1 is `function(1)`.
    case function(Int)
}

/// A mouse button press or wheel step at a cell (column x, row y, from the top left).
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case press(MouseButton)
        case wheelUp
        case wheelDown
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// The mouse button pressed.
public enum MouseButton: Hashable, Sendable {
    case left, middle, right
}

/// Signals the backend turns into input instead of letting them kill the process with the terminal in raw mode.
public enum TerminalSignal: Hashable, Sendable {
    /// SIGINT (Ctrl-C). A second one before the UI took the first ends the process (terminal restored).
    case interrupt
    /// SIGTERM. A second one before the UI took the first ends the process (terminal restored).
    case terminate
    /// SIGHUP: the terminal went away.
    case hangup
}

extension TerminalSignal {
    /// The status a shell expects of a process this signal ended: 128 plus the signal's number.
    public var exitStatus: Int32 {
        switch self {
        case .interrupt: 128 + SIGINT
        case .terminate: 128 + SIGTERM
        case .hangup: 128 + SIGHUP
        }
    }
}
