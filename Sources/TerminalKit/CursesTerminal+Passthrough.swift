import CNcursesw

/// What goes to the terminal beside curses: asking it what it can do, and pixel pictures, which no cell can hold.
extension CursesTerminal {
    /// The descriptors the terminal is read from and written to, for asking it about itself before the first key
    /// is read (curses has read nothing from it yet).
    public var descriptors: (input: Int32, output: Int32) {
        (configuration.inputDescriptor, configuration.outputDescriptor)
    }

    /// Writes `escape` — an image escape sequence Arbor built, never text from elsewhere — after curses' last frame,
    /// at column `x`, row `y`. The cursor is saved before and restored after (DECSC, DECRC), so curses' idea of
    /// where it is stays true and the next frame's text lands where it should.
    public func writeOutsideCurses(_ escape: [UInt8], x: Int, y: Int) {
        guard screen != nil else { return }
        writeDirectly("\u{1B}7\u{1B}[\(y + 1);\(x + 1)H" + String(decoding: escape, as: UTF8.self) + "\u{1B}8")
    }

    /// Makes the next ``draw(_:cursor:)`` clear the screen and write every cell again: pixels written outside curses
    /// (a sixel or iTerm2 picture) are gone after it.
    public func repaintAll() {
        previous = nil
        clearok(window, true)
    }
}
