import Foundation

/// One numbered, interactive element of a page: `[12] link 'Red bike' value='…'`.
public struct PageElement: Sendable, Equatable {
    public var id: Int
    public var role: String
    public var name: String
    public var value: String?
    /// The line as the page showed it, trimmed: what an argument cites.
    public var line: String
    /// The element's position among the page's lines, so nearby text can be found.
    public var lineIndex: Int
}

/// A page of accessibility-tree text as the offline agent reads it: the tab and URL lines, the numbered elements,
/// and every line in order (static text and headings included) so values can be found next to the items they
/// belong to. Lines it does not recognise are kept as text; nothing on a page makes reading fail.
public struct WebPage: Sendable, Equatable {
    public var tab: String
    public var url: String
    public var elements: [PageElement]
    /// Every line, trimmed, in page order; the readable text of each (names, static text) is in `lineTexts`.
    public var lines: [String]
    public var lineTexts: [String]
    /// Each line's leading spaces: a line indented under another describes it (a listing's price line).
    public var indents: [Int]

    public init(_ observation: String) {
        var tab = ""
        var url = ""
        var elements: [PageElement] = []
        var lines: [String] = []
        var texts: [String] = []
        var indents: [Int] = []
        for raw in observation.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let index = lines.count
            lines.append(line)
            indents.append(raw.prefix { $0 == " " || $0 == "\t" }.count)
            if line.hasPrefix("Tab:") {
                tab = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
                texts.append(tab)
            } else if line.hasPrefix("URL:") {
                url = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
                texts.append("")
            } else if let element = Self.element(line, index: index) {
                elements.append(element)
                texts.append([element.name, element.value ?? ""].joined(separator: " "))
            } else {
                texts.append(Self.plainText(line))
            }
        }
        self.tab = tab
        self.url = url
        self.elements = elements
        self.lines = lines
        self.lineTexts = texts
        self.indents = indents
    }

    /// The whole page's readable text, for matching.
    public var text: String { lineTexts.joined(separator: "\n") }

    public func element(_ id: Int) -> PageElement? { elements.first { $0.id == id } }

    /// The texts that belong with `element`: its own and those of the lines indented under it (the price and
    /// details shown under a listing's link).
    public func block(of element: PageElement) -> ArraySlice<String> { entry(at: element.lineIndex) }

    /// The text of line `index` and of the lines indented under it.
    public func entry(at index: Int) -> ArraySlice<String> {
        var end = index + 1
        while end < lines.count, indents[end] > indents[index] { end += 1 }
        return lineTexts[index..<end]
    }

    /// Every entry of the page (a line not indented under another, with the lines that describe it), as text.
    public var entries: [(index: Int, text: String)] {
        var out: [(Int, String)] = []
        var index = 0
        while index < lines.count {
            let block = entry(at: index)
            out.append((index, block.joined(separator: " · ")))
            index = block.endIndex
        }
        return out
    }

    /// A `Key: value` line's value (`StaticText 'Price: $120'` → `$120`), for the first key that is present.
    public func field(_ key: String) -> (value: String, line: String)? {
        let prefix = key.lowercased() + ":"
        for (index, text) in lineTexts.enumerated() where text.lowercased().hasPrefix(prefix) {
            return (text.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces), lines[index])
        }
        return nil
    }

    /// The heading line's text, the page's subject (a listing's title, "Results for …").
    public var heading: String {
        for (index, line) in lines.enumerated() where line.hasPrefix("heading") { return lineTexts[index] }
        return ""
    }

    /// A combobox's choices, from the `Options: A | B | C` line under it.
    public func options(of element: PageElement) -> [String] {
        for text in block(of: element).dropFirst() where text.hasPrefix("Options:") {
            return text.dropFirst("Options:".count).split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
        return []
    }

    /// `[12] link 'Red bike' value='x'`, and a few looser spellings (no quotes, double quotes).
    private static func element(_ line: String, index: Int) -> PageElement? {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]"),
            let id = Int(line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces))
        else { return nil }
        let rest = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
        let role = String(rest.prefix { !$0.isWhitespace })
        guard !role.isEmpty else { return nil }
        var body = rest.dropFirst(role.count).trimmingCharacters(in: .whitespaces)
        var value: String?
        if let range = body.range(of: " value=") {
            value = unquoted(String(body[range.upperBound...]))
            body = String(body[..<range.lowerBound])
        } else if body.hasPrefix("value=") {
            value = unquoted(String(body.dropFirst(6)))
            body = ""
        }
        return PageElement(
            id: id, role: role.lowercased(), name: unquoted(body), value: value, line: line, lineIndex: index)
    }

    /// `StaticText 'Price: $12'` → `Price: $12`; other lines as they are.
    private static func plainText(_ line: String) -> String {
        guard let space = line.firstIndex(of: " ") else { return line }
        let head = line[..<space]
        guard head.first?.isLetter == true, head.allSatisfy({ $0.isLetter }) else { return line }
        let rest = String(line[line.index(after: space)...]).trimmingCharacters(in: .whitespaces)
        guard let first = rest.first, first == "'" || first == "\"" else { return line }
        return unquoted(rest)
    }

    private static func unquoted(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        if let first = t.first, first == "'" || first == "\"", t.count >= 2 {
            if let last = t.lastIndex(of: first), last != t.startIndex {
                t = String(t[t.index(after: t.startIndex)..<last])
            } else {
                t.removeFirst()
            }
        }
        return t
    }
}
