/// A prompt template in Arbor's tiny syntax (docs/prompts.md): `{{name}}` is replaced by a value;
/// `{{#name}}…{{/name}}` keeps its text only when `name` is not empty, `{{^name}}…{{/name}}` only when it is. A line
/// holding nothing but a section tag disappears whole, so sections leave no blank lines behind. `{{` always opens a
/// tag; everything else is text, kept byte for byte.
public struct PromptTemplate: Sendable, Equatable {
    /// The file name it was read from (`judge.txt`), for error messages.
    public let file: String
    /// The template's text as written.
    public let text: String
    let parts: [Part]

    indirect enum Part: Sendable, Equatable {
        case text(String)
        case placeholder(String)
        /// Kept when `name` is non-empty, or, `inverted`, when it is empty.
        case section(name: String, inverted: Bool, parts: [Part])
    }

    /// Parses `text`; a malformed tag (unclosed, a section closed by another name, closed twice) is an error naming
    /// `file` and the line.
    public init(file: String, text: String) throws(PromptError) {
        self.file = file
        self.text = text
        var parser = Parser(file: file, lines: Self.standaloneTagsRemoved(text))
        parts = try parser.parse()
        uses = parser.uses
    }

    /// Every placeholder and section name the template uses, once each, in order of first use, with that line.
    public let uses: [Use]

    /// A name used by a template and the 1-based line of its first use.
    public struct Use: Sendable, Equatable {
        public var name: String
        public var line: Int
    }

    /// The template with `values` filled in; a name without a value counts as empty.
    public func render(_ values: [String: String]) -> String {
        var out = ""
        Self.render(parts, values, into: &out)
        return out
    }

    private static func render(_ parts: [Part], _ values: [String: String], into out: inout String) {
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .placeholder(let name): out += values[name] ?? ""
            case .section(let name, let inverted, let inner):
                let present = !(values[name] ?? "").isEmpty
                if present != inverted { render(inner, values, into: &out) }
            }
        }
    }

    /// The text as lines with their numbers, a line holding only a section tag (`{{#x}}`, `{{^x}}`, `{{/x}}`) reduced
    /// to the tag alone so that it leaves no line of its own when rendered.
    private static func standaloneTagsRemoved(_ text: String) -> [(Int, Substring)] {
        var lines: [(Int, Substring)] = []
        let split = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in split.enumerated() {
            let trimmed = line.trimmingSpaces
            let isLast = index == split.count - 1
            if trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"),
                trimmed.dropFirst(2).first.map({ "#^/".contains($0) })
                    == true, trimmed.dropFirst(2).dropLast(2).firstRange(of: "{{") == nil
            {
                lines.append((index + 1, trimmed))
            } else {
                lines.append((index + 1, isLast ? line : line + "\n"))
            }
        }
        return lines
    }

    private struct Parser {
        let file: String
        let lines: [(Int, Substring)]

        /// Names in order of first use.
        private(set) var uses: [Use] = []

        /// Open sections: name, inverted, the line that opened it, and the parts gathered so far.
        private var stack: [(name: String, inverted: Bool, line: Int, parts: [Part])] = []

        init(file: String, lines: [(Int, Substring)]) {
            self.file = file
            self.lines = lines
        }

        mutating func parse() throws(PromptError) -> [Part] {
            var top: [Part] = []
            for (number, line) in lines {
                var rest = line
                while !rest.isEmpty {
                    guard let open = rest.firstRange(of: "{{") else {
                        append(.text(String(rest)), to: &top)
                        break
                    }
                    if open.lowerBound > rest.startIndex { append(.text(String(rest[..<open.lowerBound])), to: &top) }
                    let after = rest[open.upperBound...]
                    guard let close = after.firstRange(of: "}}") else {
                        throw .malformed(
                            file: file, line: number, problem: "a tag opened with {{ is never closed with }}")
                    }
                    let tag = after[..<close.lowerBound]
                    rest = after[close.upperBound...]
                    try handle(tag, line: number, top: &top)
                }
            }
            if let open = stack.last {
                throw .malformed(
                    file: file, line: open.line,
                    problem:
                        "section {{\(open.inverted ? "^" : "#")\(open.name)}} is never closed with {{/\(open.name)}}")
            }
            return top
        }

        private mutating func handle(_ tag: Substring, line: Int, top: inout [Part]) throws(PromptError) {
            let kind = tag.first
            let name = String(kind.map { "#^/".contains($0) } == true ? tag.dropFirst() : tag)
            guard Self.isName(name) else {
                throw .malformed(
                    file: file, line: line,
                    problem: "{{\(tag)}} is not a placeholder: names are lower-case letters, digits and underscores")
            }
            if !uses.contains(where: { $0.name == name }) { uses.append(Use(name: name, line: line)) }
            switch kind {
            case "#", "^":
                stack.append((name, kind == "^", line, []))
            case "/":
                guard let open = stack.popLast() else {
                    throw .malformed(
                        file: file, line: line, problem: "{{/\(name)}} closes a section that was never opened")
                }
                guard open.name == name else {
                    throw .malformed(
                        file: file, line: line,
                        problem: "{{/\(name)}} closes section {{\(open.inverted ? "^" : "#")\(open.name)}} opened on "
                            + "line \(open.line); close it with {{/\(open.name)}}")
                }
                append(.section(name: name, inverted: open.inverted, parts: open.parts), to: &top)
            default:
                append(.placeholder(name), to: &top)
            }
        }

        private mutating func append(_ part: Part, to top: inout [Part]) {
            if stack.isEmpty {
                top.append(part)
            } else {
                stack[stack.count - 1].parts.append(part)
            }
        }

        private static func isName(_ name: String) -> Bool {
            !name.isEmpty
                && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" || first == "\r" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return result
    }
}
