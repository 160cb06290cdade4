import ArborModels
import Foundation

/// Environments named in `arbor.toml`, so `--env adventure` can stand for a command line:
///
///     [environments.adventure]
///     command = "python3 adapters/python/examples/text_adventure.py"
///
/// The first of `./arbor.toml` and `~/.config/arbor/arbor.toml` that names it wins.
enum NamedEnvironment {
    /// The `exec:` spec for `name`, nil when no file names it; a file that cannot be read is an error.
    static func spec(
        for name: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> String? {
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
            guard case .string(let command)? = table["command"], !command.isEmpty else {
                throw NamedEnvironmentError.noCommand(path: path, name: name)
            }
            return "exec:" + command
        }
        return nil
    }
}

enum NamedEnvironmentError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case noCommand(path: String, name: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .noCommand(let path, let name):
            "\(path): [environments.\(name)] needs command = \"…\" (the program that speaks the protocol)"
        }
    }
}
