import ArborExport
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor calls DB --run N`: a run's model calls per role — calls, cache hits, errors, tokens, time and cost.
struct CallsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls",
        abstract: "Sum a run's model calls per role: calls, cached, errors, tokens in and out, seconds, cost.",
        discussion: """
            Cost is counted for models with a price in arbor.toml ([prices."MODEL"] input and output, dollars per \
            million tokens); '-' means no call of that row had one.
            """)

    @Argument(help: "The store, e.g. runs.db or postgresql://user@host/database.")
    var database: String

    @Option(name: .customLong("run"), help: "The run's id (see `arbor runs`).")
    var runID: Int64

    @Flag(help: "Print one JSON object per role instead of a table.")
    var json = false

    func run() throws {
        let store = try RunStores.open(database, mode: .readOnly)
        defer { store.close() }
        let totals = try store.callTotals(run: runID)
        if json {
            for row in totals { Output.verbatim(Self.json(row)) }
        } else {
            Output.text(Self.table(totals), terminator: "")
        }
    }

    static func cost(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "-" }

    static func table(_ totals: [RoleCallTotals]) -> String {
        let header = ["ROLE", "MODEL", "CALLS", "CACHED", "ERRORS", "TOKENS IN", "TOKENS OUT", "SECONDS", "COST ($)"]
        func cells(_ row: RoleCallTotals) -> [String] {
            [
                row.role, row.model, String(row.calls), String(row.cached), String(row.errors), String(row.tokensIn),
                String(row.tokensOut), String(format: "%.1f", row.latencyMs / 1000), cost(row.costUSD),
            ]
        }
        let costs = totals.compactMap(\.costUSD)
        let sum = RoleCallTotals(
            role: "total", model: "", calls: totals.reduce(0) { $0 + $1.calls },
            cached: totals.reduce(0) { $0 + $1.cached }, errors: totals.reduce(0) { $0 + $1.errors },
            tokensIn: totals.reduce(0) { $0 + $1.tokensIn }, tokensOut: totals.reduce(0) { $0 + $1.tokensOut },
            latencyMs: totals.reduce(0) { $0 + $1.latencyMs }, costUSD: costs.isEmpty ? nil : costs.reduce(0, +))
        return TextTable.render([header] + totals.map(cells) + [cells(sum)], rightAligned: Set(2..<header.count))
    }

    static func json(_ row: RoleCallTotals) -> String {
        let fields = [
            "\"role\":\(RunsCommand.quoted(row.role))", "\"model\":\(RunsCommand.quoted(row.model))",
            "\"calls\":\(row.calls)", "\"cached\":\(row.cached)", "\"errors\":\(row.errors)",
            "\"tokensIn\":\(row.tokensIn)", "\"tokensOut\":\(row.tokensOut)",
            "\"latencyMs\":\(RunsCommand.number(row.latencyMs))",
            "\"costUSD\":\(row.costUSD.map(RunsCommand.number) ?? "null")",
        ]
        return "{" + fields.joined(separator: ",") + "}"
    }
}
