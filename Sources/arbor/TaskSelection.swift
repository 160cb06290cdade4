import ArborEnvironments
import ArgumentParser
import Foundation

/// Which of a split's tasks a run takes: those whose id matches a `--task` (an id or a glob), from the
/// `--tasks-from` offset on, at most `--tasks` of them (10 when no `--task` is given, every match when one is).
struct TaskSelection {
    var patterns: [String] = []
    var offset = 0
    var count: Int?

    static let defaultCount = 10

    /// The tasks chosen from `split` (named `splitName` in messages, of `environment`). Asking for more than there are
    /// is an error naming the number there are, rather than a quietly shorter run.
    func choose(from split: [TaskSpec], splitName: String, environment: String) throws -> [TaskSpec] {
        var matching = split
        if !patterns.isEmpty {
            for pattern in patterns where !split.contains(where: { Self.matches($0.id, pattern) }) {
                let examples = split.prefix(3).map(\.id).joined(separator: ", ")
                throw ValidationError(
                    "--task \(pattern) matches no task of the \(splitName) split (\(split.count) tasks; ids like "
                        + "\(examples)). `*` and `?` are wildcards; try --split train if the task is there.")
            }
            matching = split.filter { task in patterns.contains { Self.matches(task.id, $0) } }
        }
        guard offset < max(matching.count, 1) || offset == 0 else {
            throw ValidationError(
                "--tasks-from \(offset) is past the last of the \(matching.count) tasks chosen from the \(splitName) "
                    + "split; give a number below \(matching.count)")
        }
        let remaining = Array(matching.dropFirst(offset))
        if let count, count > remaining.count {
            let which =
                patterns.isEmpty && offset == 0
                ? "the \(splitName) split of \(environment) holds"
                : "the \(splitName) split of \(environment) has"
                    + (patterns.isEmpty ? "" : " matching --task") + (offset == 0 ? "" : " from task \(offset)")
            throw ValidationError("--tasks \(count) is more than \(which): choose 1 to \(remaining.count)")
        }
        return Array(remaining.prefix(count ?? (patterns.isEmpty ? Self.defaultCount : remaining.count)))
    }

    /// Whether `id` is `pattern`, or matches it with `*` and `?` as wildcards (`/` included).
    static func matches(_ id: String, _ pattern: String) -> Bool {
        id == pattern || fnmatch(pattern, id, 0) == 0
    }
}
