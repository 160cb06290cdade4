import Foundation

/// Episodes per second for K worker processes taking one run's episodes from a PostgreSQL queue, beside the same run
/// recorded by one `arbor run` process into an SQLite file, measured in the same run of the benchmark.
///
/// Every figure is a whole process's wall time, start to exit, of the real `arbor` binary: what a person running
/// `arbor run --enqueue` and K `arbor worker`s would wait. Each K gets a run of its own in the same database, and
/// every run starts without earlier runs' lessons (`--lessons-from none`, unless the settings name a source): else
/// each row would retrieve from the lessons of the rows before it, and of every earlier benchmark in the database.
public struct WorkerBenchmark: Sendable {
    /// The `arbor` binary to run.
    public var arbor: String
    /// The PostgreSQL store the queue lives in.
    public var database: String
    /// The folder for the SQLite reference's file.
    public var folder: String
    /// The `arbor run` flags of the run every row makes (environment, agent, method, tasks, budgets, seed).
    public var settings: [String]
    public var workerCounts: [Int]

    public init(arbor: String, database: String, folder: String, settings: [String], workerCounts: [Int] = [1, 2, 4]) {
        self.arbor = arbor
        self.database = database
        self.folder = folder
        self.settings = settings.contains("--lessons-from") ? settings : settings + ["--lessons-from", "none"]
        self.workerCounts = workerCounts
    }

    /// One row: how many processes, the episodes they ran and how long they took.
    public struct Row: Sendable {
        public var label: String
        public var episodes: Int
        public var seconds: Double
        public var perSecond: Double { seconds > 0 ? Double(episodes) / seconds : 0 }
    }

    /// Measures the SQLite reference, then each K, printing each row as it is measured.
    public func run() throws -> [Row] {
        var rows: [Row] = []
        let file = folder + "/bench-workers.db"
        try? FileManager.default.removeItem(atPath: file)
        let reference = try timed { try finish(launch(["run", "--db", file] + settings), "arbor run into SQLite") }
        let episodes = try countEpisodes(in: reference.output)
        rows.append(Row(label: "SQLite, one process (arbor run)", episodes: episodes, seconds: reference.seconds))
        report(rows[0])
        for count in workerCounts {
            let queued = try finish(launch(["run", "--db", database, "--enqueue"] + settings), "arbor run --enqueue")
            let run = try queuedRun(in: queued)
            let measured = try timed { () throws -> String in
                let workers = try (0..<count).map { _ in try launch(["worker", "--db", database, "--run", run]) }
                return try workers.map { try finish($0, "arbor worker") }.joined()
            }
            let ran = measured.output.split(separator: "\n").filter { $0.hasPrefix("run \(run) ep ") }.count
            rows.append(
                Row(
                    label: "PostgreSQL, \(count) worker\(count == 1 ? "" : "s") (run \(run))", episodes: ran,
                    seconds: measured.seconds))
            report(rows[rows.count - 1])
        }
        return rows
    }

    private func report(_ row: Row) {
        ArborBenchmarks.report(
            reportRow(
                row.label,
                String(format: "%7.2f episodes/s  (%d episodes in %.2f s)", row.perSecond, row.episodes, row.seconds),
                width: 44))
    }

    private func timed<T>(_ body: () throws -> T) throws -> (output: T, seconds: Double) {
        let start = ContinuousClock.now
        let output = try body()
        return (output, ArborBenchmarks.seconds(ContinuousClock.now - start))
    }

    private func launch(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arbor)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return (process, output)
    }

    private func finish(_ launched: (Process, Pipe), _ what: String) throws -> String {
        let text = String(decoding: launched.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        launched.0.waitUntilExit()
        guard launched.0.terminationStatus == 0 else {
            throw BenchmarkFailure(description: "\(what) failed (exit \(launched.0.terminationStatus)): \(text)")
        }
        return text
    }

    /// The episodes `arbor run` reported ended (its `[k/n]` lines).
    private func countEpisodes(in output: String) throws -> Int {
        output.split(separator: "\n").filter { $0.hasPrefix("[") }.count
    }

    /// The run number `arbor run --enqueue` printed first (`run N · queued …`).
    private func queuedRun(in output: String) throws -> String {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("run ") }),
            let number = line.split(separator: " ").dropFirst().first, Int(number) != nil
        else { throw BenchmarkFailure(description: "arbor run --enqueue printed no run number: \(output)") }
        return String(number)
    }
}
