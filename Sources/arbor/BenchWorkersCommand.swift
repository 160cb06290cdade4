import ArborBenchmarks
import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor bench workers`: episodes per second for 1, 2 and 4 worker processes on one PostgreSQL queue, beside one
/// process recording the same run into SQLite.
struct BenchWorkersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: "Episodes/s for K = 1, 2, 4 `arbor worker`s on one PostgreSQL queue, beside one process on SQLite.",
        discussion: """
            The same run (by default 24 MiniWeb tasks, R-MCTS with small budgets and the offline agent: no model server) is \
            recorded by `arbor run` into an SQLite file, then queued with `arbor run --enqueue` and run by K \
            `arbor worker --run N` processes, once per K, each K a run of its own in --db. Each row is processes' \
            wall time from start to exit. Everything after `--` is passed to `arbor run` as the run's settings; each run \
            gets `--lessons-from none` unless they name a source, so no row draws on the lessons of the rows before it.
            """)

    @Option(help: "The PostgreSQL store to queue the runs in: postgresql://user@host/database.")
    var db: String

    @Option(help: "The folder for the SQLite reference's file.")
    var folder = FileManager.default.temporaryDirectory.path

    @Option(parsing: .upToNextOption, help: "The worker counts to measure.")
    var workers: [Int] = [1, 2, 4]

    @Argument(
        parsing: .postTerminator,
        help: "`arbor run` settings for the run (default: 24 MiniWeb tasks, the offline agent).")
    var settings: [String] = []

    func validate() throws {
        guard PostgresLocation.isURL(db) else { throw ValidationError("--db must be a PostgreSQL URL") }
        guard !workers.isEmpty, workers.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--workers takes counts of 1 or more")
        }
    }

    func run() throws {
        let settings =
            self.settings.isEmpty
            ? [
                "--env", "miniweb", "--agent", "offline", "--method", "rmcts", "--tasks", "24", "--iterations", "4",
                "--samples", "5", "--value-samples", "2", "--max-steps", "4", "--seed", "7",
            ] : self.settings
        let arbor =
            CommandLine.arguments[0].contains("/")
            ? CommandLine.arguments[0] : Bundle.main.executablePath ?? CommandLine.arguments[0]
        FileHandle.standardOutput.write(
            Data(("bench workers: arbor run " + settings.joined(separator: " ") + "\n").utf8))
        _ = try WorkerBenchmark(
            arbor: arbor, database: db, folder: folder, settings: settings, workerCounts: workers
        ).run()
    }
}
