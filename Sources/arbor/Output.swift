import ArborCore
import Foundation

/// Where the command line writes. Text for people goes through ``TerminalText`` line by line, so nothing an
/// environment, a model or a store supplied can move the cursor, retitle the window, clear the screen or reorder
/// text. JSON goes out as it is (see ``verbatim(_:terminator:)``).
enum Output {
    /// Text for a person on standard output, every line sanitised.
    static func text(_ text: String, terminator: String = "\n") {
        print(TerminalText.sanitizeLines(text), terminator: terminator)
    }

    /// Output that is safe as it is, written unchanged: JSON (its escaping keeps every control out, and a program
    /// reading it wants it exact) and exports, whose markdown and dot ArborExport has already sanitised.
    static func verbatim(_ text: String, terminator: String = "\n") {
        print(text, terminator: terminator)
    }

    /// A one-line message on standard error, prefixed `arbor: ` and sanitised (it may quote an environment's error).
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("arbor: \(TerminalText.sanitize(message))\n".utf8))
    }
}
