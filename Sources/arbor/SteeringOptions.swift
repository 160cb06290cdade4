import ArgumentParser
import Foundation

/// Who steers and whether the search starts held: shared by `arbor demo` and `arbor run`.
struct SteeringOptions: ParsableArguments {
    @Flag(help: "Start paused: nothing runs until Space (resume) or a step.")
    var paused = false

    @Option(help: "The name interventions are recorded under (default: $USER).")
    var author: String?

    var resolvedAuthor: String {
        if let author, !author.isEmpty { return author }
        return ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "user"
    }
}
