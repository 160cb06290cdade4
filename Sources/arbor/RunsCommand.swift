import ArborCore
import ArborExport
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor runs DB`: the runs in a store, one line each.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs in a store: id, start, environment, model, method, status, episodes, success rate.")

    @Argument(help: "The store, e.g. runs.db or postgresql://user@host/database.")
    var database: String

    @Flag(help: "Print one JSON object per run instead of a table.")
    var json = false

    func run() throws {
        let store = try RunStores.open(database, mode: .readOnly)
        defer { store.close() }
        let runs = try store.runs()
        if json {
            for run in runs { Output.verbatim(Self.json(run)) }
        } else {
            Output.text(Self.table(runs), terminator: "")
        }
    }

    /// UTC, so that the same store lists the same way on every machine.
    static func timestamp(_ seconds: Double) -> String {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    static func rate(_ run: RunSummary) -> String {
        guard let rate = run.successRate else { return "-" }
        return String(format: "%.1f%%", rate * 100)
    }

    static func table(_ runs: [RunSummary]) -> String {
        // Forks name their parent in a last column, shown only when the store holds a fork.
        let forks = runs.contains { $0.parent != nil }
        let header =
            ["ID", "STARTED (UTC)", "ENVIRONMENT", "MODEL", "METHOD", "STATUS", "EPISODES", "SUCCESS"]
            + (forks ? ["ORIGIN"] : [])
        let rows = runs.map { run in
            [
                String(run.id), timestamp(run.startedAt), run.environmentName, run.model, run.method, status(run),
                String(run.episodes), rate(run),
            ] + (forks ? [run.parent.map { "fork of \($0.label)" } ?? "-"] : [])
        }
        // Numbers line up on the right, words on the left.
        return TextTable.render([header] + rows, rightAligned: [0, 6, 7])
    }

    /// The run's status, `interrupted (writer gone)` for a `running` run whose writer was killed, or
    /// `queued (N waiting)` for one with episodes waiting for workers.
    static func status(_ run: RunSummary) -> String {
        if run.writerGone { return "interrupted (writer gone)" }
        if run.waitingEpisodes > 0 { return "queued (\(run.waitingEpisodes) waiting)" }
        return run.status.rawValue
    }

    static func json(_ run: RunSummary) -> String {
        var fields: [String] = [
            "\"id\":\(run.id)", "\"startedAt\":\(number(run.startedAt))",
            "\"endedAt\":\(run.endedAt.map(number) ?? "null")", "\"status\":\(quoted(run.status.rawValue))",
            "\"environment\":\(quoted(run.environment))", "\"model\":\(quoted(run.model))",
            "\"method\":\(quoted(run.method))", "\"seed\":\(run.seed)", "\"episodes\":\(run.episodes)",
            "\"endedEpisodes\":\(run.endedEpisodes)", "\"successes\":\(run.successes)",
            "\"successRate\":\(run.successRate.map(number) ?? "null")", "\"lastSeq\":\(run.lastSeq)",
        ]
        if run.writerGone { fields.append("\"writerGone\":true") }
        if run.waitingEpisodes > 0 { fields.append("\"waitingEpisodes\":\(run.waitingEpisodes)") }
        if run.environmentName != run.environment {
            fields.append("\"environmentName\":\(quoted(run.environmentName))")
        }
        if let parent = run.parent {
            fields.append(
                "\"parent\":{\"run\":\(parent.run),\"episode\":\(parent.episode),\"node\":\(parent.node.rawValue)}")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A JSON number as `JSONEncoder` writes it: whole values without `.0`.
    static func number(_ value: Double) -> String {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
