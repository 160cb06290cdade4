import ArborCore
import TerminalKit

/// A line of text made of styled spans, for panes that show prose (observations, transcripts, prompts).
struct StyledLine: Sendable, Equatable {
    var spans: [(text: String, style: Style)]

    init(_ spans: [(text: String, style: Style)]) { self.spans = spans }
    init(_ text: String, _ style: Style = .normal) { self.spans = [(text, style)] }
    static let blank = StyledLine("")

    static func == (a: StyledLine, b: StyledLine) -> Bool {
        a.spans.count == b.spans.count
            && zip(a.spans, b.spans).allSatisfy { $0.text == $1.text && $0.style == $1.style }
    }

    /// Untrusted text (from a model or a page) as safe lines, neutralised escapes shown in the `escaped` style.
    static func untrusted(_ text: String, _ style: Style = .normal, indent: String = "") -> [StyledLine] {
        TerminalText.lineRuns(text).map { runs in
            StyledLine([(indent, style)] + runs.map { ($0.text, $0.isEscaped ? Style(.escaped) : style) })
        }
    }

    /// Splits into lines of at most `width` columns, breaking at spaces where it can; continuation lines keep the
    /// first line's indentation.
    func wrapped(to width: Int) -> [StyledLine] {
        guard width > 0 else { return [self] }
        let leading = spans.first.map { String($0.text.prefix { $0 == " " }) } ?? ""
        let indent = leading.count < width / 2 ? leading : ""
        var lines: [StyledLine] = []
        var current: [(text: String, style: Style)] = []
        var used = 0
        func flush() {
            lines.append(StyledLine(current))
            current = indent.isEmpty ? [] : [(indent, .normal)]
            used = indent.count
        }
        for span in spans {
            var word = ""
            var wordWidth = 0
            func emit() {
                if used + wordWidth > width, used > indent.count { flush() }
                var piece = word
                while DisplayWidth.of(piece) > width {
                    var head = ""
                    var headWidth = 0
                    for ch in piece {
                        let w = DisplayWidth.of(ch)
                        if headWidth + w > width - used { break }
                        head.append(ch)
                        headWidth += w
                    }
                    if head.isEmpty {
                        // Nothing fits after what the line holds: start a new line; a character wider than the
                        // whole pane goes on a line of its own (the canvas clips it).
                        guard used <= indent.count, let first = piece.first else {
                            flush()
                            continue
                        }
                        head = String(first)
                    }
                    current.append((head, span.style))
                    piece.removeFirst(head.count)
                    flush()
                }
                if !piece.isEmpty {
                    current.append((piece, span.style))
                    used += DisplayWidth.of(piece)
                }
                word = ""
                wordWidth = 0
            }
            for ch in span.text {
                word.append(ch)
                wordWidth += DisplayWidth.of(ch)
                if ch == " " { emit() }
            }
            if !word.isEmpty { emit() }
        }
        flush()
        return lines
    }

    @discardableResult
    func draw(x: Int, y: Int, maxWidth: Int, into canvas: inout Canvas) -> Int {
        var cx = x
        for span in spans where cx < x + maxWidth {
            cx = canvas.put(span.text, x: cx, y: y, style: span.style, maxWidth: x + maxWidth - cx)
        }
        return cx
    }
}
