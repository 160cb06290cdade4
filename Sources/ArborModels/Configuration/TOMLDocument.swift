/// A value in the TOML subset Arbor reads.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
}

/// A parsed file in the subset of TOML that `arbor.toml` needs: `[table]` and `[dotted."quoted".table]`
/// headers, `key = value` pairs with strings (basic `"…"` with escapes, literal `'…'`), integers, floats and
/// booleans, and `#` comments. Arrays, inline tables and dates are refused with the line they are on.
public struct TOMLDocument: Sendable, Equatable {
    private var tables: [[String]: [String: TOMLValue]] = [:]
    /// Table paths in the order they first appear.
    public private(set) var tablePaths: [[String]] = []

    public init(parsing text: String) throws(TOMLError) {
        var current: [String] = []
        tables[[]] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var scanner = TOMLScanner(line: Substring(rawLine), number: offset + 1)
            scanner.skipSpace()
            if scanner.atEndOfContent { continue }
            if scanner.peek == "[" {
                current = try scanner.tableHeader()
                guard tables[current] == nil || current.isEmpty else {
                    throw TOMLError(
                        line: offset + 1, message: "table [\(current.joined(separator: "."))] defined twice")
                }
                tables[current] = [:]
                tablePaths.append(current)
            } else {
                let key = try scanner.key()
                scanner.skipSpace()
                try scanner.expect("=")
                scanner.skipSpace()
                let value = try scanner.value()
                try scanner.expectEndOfContent()
                guard tables[current]?[key] == nil else {
                    throw TOMLError(line: offset + 1, message: "key \"\(key)\" set twice")
                }
                tables[current, default: [:]][key] = value
            }
        }
    }

    /// The key-value pairs of the table at `path` (`[]` for the top level), nil when the file has no such table.
    public func table(_ path: [String]) -> [String: TOMLValue]? { tables[path] }
}

/// A TOML syntax error, with its 1-based line.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}

/// Reads one line of TOML from left to right.
private struct TOMLScanner {
    private let chars: [Character]
    private var position = 0
    let number: Int

    init(line: Substring, number: Int) {
        var text = line
        if text.last == "\r" { text = text.dropLast() }
        chars = Array(text)
        self.number = number
    }

    var peek: Character? { position < chars.count ? chars[position] : nil }
    var atEndOfContent: Bool { peek == nil || peek == "#" }

    mutating func skipSpace() {
        while let c = peek, c == " " || c == "\t" { position += 1 }
    }

    func error(_ message: String) -> TOMLError { TOMLError(line: number, message: message) }

    mutating func expect(_ c: Character) throws(TOMLError) {
        guard peek == c else { throw error("expected '\(c)'") }
        position += 1
    }

    mutating func expectEndOfContent() throws(TOMLError) {
        skipSpace()
        guard atEndOfContent else { throw error("unexpected text after the value") }
    }

    mutating func tableHeader() throws(TOMLError) -> [String] {
        try expect("[")
        if peek == "[" { throw error("arrays of tables ([[…]]) are not supported") }
        var path: [String] = []
        while true {
            skipSpace()
            path.append(try key())
            skipSpace()
            if peek == "." {
                position += 1
                continue
            }
            try expect("]")
            try expectEndOfContent()
            return path
        }
    }

    /// A bare key (letters, digits, `_`, `-`) or a quoted one.
    mutating func key() throws(TOMLError) -> String {
        if peek == "\"" || peek == "'" { return try string() }
        var key = ""
        while let c = peek, c.isLetter || c.isNumber || c == "_" || c == "-" {
            key.append(c)
            position += 1
        }
        guard !key.isEmpty else { throw error("expected a key") }
        return key
    }

    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let c = peek else { throw error("expected a value after '='") }
        if c == "\"" || c == "'" { return .string(try string()) }
        if c == "[" || c == "{" { throw error("arrays and inline tables are not supported") }
        var word = ""
        while let c = peek, c != " ", c != "\t", c != "#" {
            word.append(c)
            position += 1
        }
        if word == "true" { return .boolean(true) }
        if word == "false" { return .boolean(false) }
        let digits = word.replacingOccurrences(of: "_", with: "")
        if let n = Int(digits) { return .integer(n) }
        if let x = Double(digits), x.isFinite { return .float(x) }
        throw error("cannot read value '\(word)': expected a string in quotes, a number, true or false")
    }

    mutating func string() throws(TOMLError) -> String {
        let quote = chars[position]
        position += 1
        var text = ""
        while let c = peek {
            position += 1
            if c == quote { return text }
            if c == "\\" && quote == "\"" {
                guard let escaped = peek else { break }
                position += 1
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "\\": text.append("\\")
                case "\"": text.append("\"")
                case "u", "U":
                    let width = escaped == "u" ? 4 : 8
                    guard position + width <= chars.count,
                        let scalar = UInt32(String(chars[position..<position + width]), radix: 16).flatMap(
                            Unicode.Scalar.init)
                    else { throw error("bad \\\(escaped) escape") }
                    text.unicodeScalars.append(scalar)
                    position += width
                default: throw error("unknown escape \\\(escaped)")
                }
            } else {
                text.append(c)
            }
        }
        throw error("string not closed on this line")
    }
}
