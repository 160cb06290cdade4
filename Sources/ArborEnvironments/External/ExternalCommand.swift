/// The command line that starts an external environment: a program and its arguments, split from one string the
/// way a POSIX shell would split it (quotes and backslashes, no expansion), so `--env exec:"…"` needs no shell.
public struct ExternalCommand: Sendable, Equatable, CustomStringConvertible {
    /// The program (looked up on `PATH` when it has no slash) followed by its arguments.
    public var arguments: [String]

    /// The prefix of an `--env` value that names an external environment.
    public static let prefix = "exec:"

    public init(arguments: [String]) throws(ExternalCommandError) {
        guard let program = arguments.first, !program.isEmpty else { throw .empty }
        self.arguments = arguments
    }

    /// Parses `exec:python3 env.py --flag`, or the same without the `exec:` prefix.
    public init(parsing text: String) throws(ExternalCommandError) {
        var body = Substring(text)
        if body.hasPrefix(Self.prefix) { body = body.dropFirst(Self.prefix.count) }
        var words = try Self.split(body)
        // `exec:"python3 env.py --flag"` reaches us with its quotes when it comes from a file rather than a shell:
        // one quoted word holding the whole command line is that command line. (A lone program whose path has a
        // space is written with inner quotes: `exec:"'/my envs/run'"`.)
        if words.count == 1, body.first == "\"", words[0].contains(where: \.isWhitespace) {
            words = try Self.split(Substring(words[0]))
        }
        try self.init(arguments: words)
    }

    public var description: String { arguments.map(Self.quoted).joined(separator: " ") }

    /// Splits words on unquoted whitespace. Single quotes keep everything literally; inside double quotes a
    /// backslash escapes only `"`, `\`, `$` and `` ` ``; outside quotes a backslash escapes any character.
    static func split(_ text: Substring) throws(ExternalCommandError) -> [String] {
        enum Mode { case plain, single, double }
        var words: [String] = []
        var word = ""
        var inWord = false
        var mode = Mode.plain
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            index = text.index(after: index)
            switch mode {
            case .plain:
                if c == " " || c == "\t" || c == "\n" {
                    if inWord { words.append(word) }
                    word = ""
                    inWord = false
                } else if c == "'" {
                    mode = .single
                    inWord = true
                } else if c == "\"" {
                    mode = .double
                    inWord = true
                } else if c == "\\" {
                    guard index < text.endIndex else { throw .trailingBackslash }
                    word.append(text[index])
                    index = text.index(after: index)
                    inWord = true
                } else {
                    word.append(c)
                    inWord = true
                }
            case .single:
                if c == "'" { mode = .plain } else { word.append(c) }
            case .double:
                if c == "\"" {
                    mode = .plain
                } else if c == "\\", index < text.endIndex, "\"\\$`".contains(text[index]) {
                    word.append(text[index])
                    index = text.index(after: index)
                } else {
                    word.append(c)
                }
            }
        }
        switch mode {
        case .plain: break
        case .single: throw .unterminatedQuote("'")
        case .double: throw .unterminatedQuote("\"")
        }
        if inWord { words.append(word) }
        return words
    }

    /// A word as a shell would need it written, for messages a person may paste back.
    static func quoted(_ word: String) -> String {
        let safe = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return safe ? word : "'" + word.map { $0 == "'" ? "'\\''" : String($0) }.joined() + "'"
    }
}

/// Why an `exec:` command line could not be split into a program and arguments.
public enum ExternalCommandError: Error, Equatable, CustomStringConvertible {
    case empty
    case unterminatedQuote(Character)
    case trailingBackslash

    public var description: String {
        switch self {
        case .empty:
            "the environment command is empty; write it as exec:\"python3 my_env.py --flag\""
        case .unterminatedQuote(let q):
            "the environment command has an unterminated \(q) quote; close it or escape it with a backslash"
        case .trailingBackslash:
            "the environment command ends in a lone backslash; remove it or escape it as \\\\"
        }
    }
}
