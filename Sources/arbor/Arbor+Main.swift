import ArborStore
import ArgumentParser
import Foundation

extension Arbor {
    /// Runs the command with Arbor's exit codes: 0 done, 1 a store or run problem, 2 bad arguments. Every error is
    /// one line on stderr; help and version go to stdout.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as StoreError {
            fail("\(error)", code: 1)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Output.text(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(message, code: code == .validationFailure ? 2 : 1)
        }
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        Output.error(message)
        Foundation.exit(code)
    }
}
