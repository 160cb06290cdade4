import ArborEnvironments
import ArborModels
import Foundation

/// An environment named in `arbor.toml`, so `--env adventure` can stand for a command line and its patience:
///
///     [environments.adventure]
///     command = "python3 adapters/python/examples/text_adventure.py"
///     step_timeout = 10        # seconds; also start_timeout, reset_timeout, and timeout (the other requests)
///
/// The first of `./arbor.toml` and `~/.config/arbor/arbor.toml` that names it wins.
struct NamedEnvironment: Equatable {
    /// The `exec:` spec of the command.
    var spec: String
    var timeouts: ExternalTimeouts

    /// The keys an entry may have; any other is a mistake worth saying so.
    static let keys = ["command", "start_timeout", "reset_timeout", "step_timeout", "timeout"]

    /// The entry for `name`, nil when no file names it; a file that cannot be read, or an entry with a mistake, is an
    /// error.
    static func entry(
        for name: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> NamedEnvironment? {
        var candidates = [workingDirectory + "/arbor.toml"]
        if let home = environment["HOME"] { candidates.append(home + "/.config/arbor/arbor.toml") }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let document: TOMLDocument
            do {
                document = try TOMLDocument(parsing: text)
            } catch {
                throw NamedEnvironmentError.unreadable(path: path, reason: "\(error)")
            }
            guard let table = document.table(["environments", name]) else { continue }
            return try NamedEnvironment(table, name: name, path: path)
        }
        return nil
    }

    /// The `exec:` spec for `name`, nil when no file names it.
    static func spec(for name: String) throws -> String? { try entry(for: name)?.spec }

    private init(_ table: [String: TOMLValue], name: String, path: String) throws {
        guard case .string(let command)? = table["command"], !command.isEmpty else {
            throw NamedEnvironmentError.noCommand(path: path, name: name)
        }
        if let key = table.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw NamedEnvironmentError.unknownKey(path: path, name: name, key: key)
        }
        func seconds(_ key: String) throws -> Duration? {
            let value: Double
            switch table[key] {
            case nil: return nil
            case .integer(let n): value = Double(n)
            case .float(let x): value = x
            default: throw NamedEnvironmentError.badTimeout(path: path, name: name, key: key)
            }
            guard value > 0, value.isFinite else {
                throw NamedEnvironmentError.badTimeout(path: path, name: name, key: key)
            }
            return .milliseconds(Int((value * 1000).rounded()))
        }
        spec = "exec:" + command
        timeouts = ExternalTimeouts()
        if let limit = try seconds("start_timeout") { timeouts.start = limit }
        if let limit = try seconds("reset_timeout") { timeouts.reset = limit }
        if let limit = try seconds("step_timeout") { timeouts.step = limit }
        if let limit = try seconds("timeout") { timeouts.other = limit }
    }
}

enum NamedEnvironmentError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case noCommand(path: String, name: String)
    case unknownKey(path: String, name: String, key: String)
    case badTimeout(path: String, name: String, key: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .noCommand(let path, let name):
            "\(path): [environments.\(name)] needs command = \"…\" (the program that speaks the protocol)"
        case .unknownKey(let path, let name, let key):
            "\(path): [environments.\(name)] has no setting \"\(key)\"; the settings are "
                + NamedEnvironment.keys.joined(separator: ", ")
        case .badTimeout(let path, let name, let key):
            "\(path): [environments.\(name)] \(key) must be a number of seconds above 0"
        }
    }
}
