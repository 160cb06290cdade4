/// Makes text from models and web pages safe to draw: nothing it returns can move the cursor, change colours, set
/// the window title, write the clipboard or reorder text. Escapes and controls stay visible so a reader sees what was
/// there: C0 controls and DEL as control pictures (ESC → "␛", so a colour code reads "␛[31m"), C1 controls and bidi
/// overrides/isolates as "⟨U+202E⟩", invalid UTF-8 bytes as "⟨0xFF⟩". Tabs become spaces. Newlines are the
/// caller's business: ``lines(_:tabWidth:)`` splits, ``sanitizeLines(_:tabWidth:)`` keeps them, ``sanitize(_:tabWidth:)``
/// shows them as "␊".
public enum TerminalText {
    /// A piece of sanitised text: either the original text or a visible stand-in for something neutralised.
    public struct Run: Hashable, Sendable {
        public var text: String
        public var isEscaped: Bool

        public init(_ text: String, isEscaped: Bool) {
            self.text = text
            self.isEscaped = isEscaped
        }
    }

    /// One line of safe text (any newline in it shown as "␊").
    public static func sanitize(_ text: some StringProtocol, tabWidth: Int = 4) -> String {
        runs(text, tabWidth: tabWidth).map(\.text).joined()
    }

    /// Bytes that should be UTF-8 (a subprocess's output, a web page) as one line of safe text.
    public static func sanitize(bytes: some Sequence<UInt8>, tabWidth: Int = 4) -> String {
        runs(decoding: bytes, tabWidth: tabWidth).map(\.text).joined()
    }

    /// Text of many lines (a report, a table, a message) with each line sanitised and joined by "\n": what every
    /// printed output and human-readable file goes through.
    public static func sanitizeLines(_ text: some StringProtocol, tabWidth: Int = 4) -> String {
        lines(text, tabWidth: tabWidth).joined(separator: "\n")
    }

    /// Splits on "\n" (a "\r" just before it belongs to the newline) and sanitises each line.
    public static func lines(_ text: some StringProtocol, tabWidth: Int = 4) -> [String] {
        splitLines(text).map { sanitize($0, tabWidth: tabWidth) }
    }

    /// The same as ``lines(_:tabWidth:)`` but keeping track of what was neutralised, so a view can style it.
    public static func lineRuns(_ text: some StringProtocol, tabWidth: Int = 4) -> [[Run]] {
        splitLines(text).map { runs($0, tabWidth: tabWidth) }
    }

    /// One line of text as runs of original and neutralised text.
    public static func runs(_ text: some StringProtocol, tabWidth: Int = 4) -> [Run] {
        var builder = RunBuilder(tabWidth: tabWidth)
        for character in text { builder.append(character) }
        return builder.runs
    }

    /// Bytes decoded as UTF-8, each invalid byte shown as "⟨0xNN⟩", as runs.
    public static func runs(decoding bytes: some Sequence<UInt8>, tabWidth: Int = 4) -> [Run] {
        var builder = RunBuilder(tabWidth: tabWidth)
        var valid: [UInt8] = []
        func flushValid() {
            for character in String(decoding: valid, as: UTF8.self) { builder.append(character) }
            valid.removeAll(keepingCapacity: true)
        }
        let array = Array(bytes)
        var index = 0
        while index < array.count {
            let length = UTF8Validation.sequenceLength(array, at: index)
            if length == 0 {
                flushValid()
                builder.appendEscaped("⟨0x\(hex(UInt32(array[index]), digits: 2))⟩")
                index += 1
            } else {
                valid.append(contentsOf: array[index..<index + length])
                index += length
            }
        }
        flushValid()
        return builder.runs
    }

    private static func splitLines(_ text: some StringProtocol) -> [Substring] {
        let string = String(text)
        var lines: [Substring] = []
        var start = string.unicodeScalars.startIndex
        var index = start
        let scalars = string.unicodeScalars
        while index < scalars.endIndex {
            if scalars[index] == "\n" {
                var end = index
                if end > start, scalars[scalars.index(before: end)] == "\r" { end = scalars.index(before: end) }
                lines.append(Substring(scalars[start..<end]))
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        lines.append(Substring(scalars[start..<scalars.endIndex]))
        return lines
    }

    /// Whether a scalar could drive a terminal or reorder text and so must not reach it as itself.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x2028 || v == 0x2029
    }

    /// The visible stand-in for an unsafe scalar.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        if v < 0x20 { return String(Character(Unicode.Scalar(0x2400 + v) ?? "?")) }
        if v == 0x7F { return "␡" }
        return "⟨U+\(hex(v, digits: 4))⟩"
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Accumulates runs, expanding tabs against the display column reached so far.
    private struct RunBuilder {
        let tabWidth: Int
        var runs: [Run] = []
        var column = 0

        mutating func append(_ character: Character) {
            if !character.unicodeScalars.contains(where: TerminalText.isUnsafe) {
                appendPlain(String(character), width: character.displayWidth)
                return
            }
            for scalar in character.unicodeScalars {
                if scalar == "\t" {
                    let spaces = tabWidth > 0 ? tabWidth - column % tabWidth : 0
                    appendPlain(String(repeating: " ", count: spaces), width: spaces)
                } else if TerminalText.isUnsafe(scalar) {
                    appendEscaped(TerminalText.visible(scalar))
                } else {
                    appendPlain(String(scalar), width: DisplayWidth.of(scalar))
                }
            }
        }

        mutating func appendEscaped(_ text: String) {
            if let last = runs.last, last.isEscaped {
                runs[runs.count - 1].text += text
            } else {
                runs.append(Run(text, isEscaped: true))
            }
            column += text.displayWidth
        }

        private mutating func appendPlain(_ text: String, width: Int) {
            if let last = runs.last, !last.isEscaped {
                runs[runs.count - 1].text += text
            } else {
                runs.append(Run(text, isEscaped: false))
            }
            column += width
        }
    }
}
