import ArborCore
import Foundation
import GRDB

/// A control another process asked of a run through the `commands` table: taken once by the run's engine, in the
/// order committed, and acknowledged with its outcome.
public struct ControlCommand: Sendable, Equatable {
    public var id: Int64
    public var run: RunID
    /// An `InterventionKind` name: `pause`, `stepIteration`, `expand`, …
    public var kind: String
    public var episode: Int?
    public var node: NodeID?
    public var value: Double?
    public var note: String?
    public var author: String
    public var createdAt: Double
    public var takenAt: Double?
    /// `done`, or `refused: why`; nil until acknowledged.
    public var outcome: String?
}

extension ControlCommand {
    /// A command as a store reads it: its arguments are the `args` column's JSON (see ``argumentsJSON``).
    package init(
        id: Int64, run: RunID, kind: String, argumentsJSON json: String, author: String, createdAt: Double,
        takenAt: Double?, outcome: String?
    ) {
        let arguments =
            (try? JSONDecoder().decode(CommandArguments.self, from: Data(json.utf8))) ?? CommandArguments()
        self.init(
            id: id, run: run, kind: kind, episode: arguments.episode, node: arguments.node.map { NodeID($0) },
            value: arguments.value, note: arguments.note, author: author, createdAt: createdAt, takenAt: takenAt,
            outcome: outcome)
    }

    /// The `args` column's JSON for a command's arguments.
    package static func argumentsJSON(episode: Int?, node: NodeID?, value: Double?, note: String?) -> String {
        let arguments = CommandArguments(episode: episode, node: node?.rawValue, value: value, note: note)
        return String(decoding: (try? JSONEncoder().encode(arguments)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// The JSON object in the `args` column.
private struct CommandArguments: Codable {
    var episode: Int?
    var node: Int?
    var value: Double?
    var note: String?
}

extension RunStore {
    /// Queues a command for `run` and returns its id (its place in the order).
    @discardableResult
    public func enqueueCommand(
        run: RunID, kind: String, episode: Int? = nil, node: NodeID? = nil, value: Double? = nil, note: String? = nil,
        author: String, at time: Double = Date().timeIntervalSince1970
    ) throws(StoreError) -> Int64 {
        let json = ControlCommand.argumentsJSON(episode: episode, node: node, value: value, note: note)
        return try writeCommands { db in
            try db.execute(
                sql: "INSERT INTO commands (run, kind, args, author, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [run, kind, json, author, time])
            return db.lastInsertedRowID
        }
    }

    /// Takes every command for `run` nobody has taken yet, oldest first, marking them taken.
    public func takeCommands(run: RunID, at time: Double = Date().timeIntervalSince1970) throws(StoreError)
        -> [ControlCommand]
    {
        try writeCommands { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM commands WHERE run = ? AND taken_at IS NULL ORDER BY id", arguments: [run])
            try db.execute(
                sql: "UPDATE commands SET taken_at = ? WHERE run = ? AND taken_at IS NULL AND id <= ?",
                arguments: [time, run, rows.last?["id"] as Int64? ?? 0])
            return rows.map { Self.command($0, takenAt: time) }
        }
    }

    /// Records what came of command `id`: `done` or `refused: why`. Marks it taken if it was not.
    public func acknowledge(command id: Int64, outcome: String, at time: Double = Date().timeIntervalSince1970)
        throws(StoreError)
    {
        try writeCommands { db in
            try db.execute(
                sql: "UPDATE commands SET outcome = ?, taken_at = COALESCE(taken_at, ?) WHERE id = ?",
                arguments: [outcome, time, id])
        }
    }

    /// Command `id` as it stands now, or nil if there is none.
    public func command(_ id: Int64) throws(StoreError) -> ControlCommand? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM commands WHERE id = ?", arguments: [id]).map {
                Self.command($0, takenAt: nil)
            }
        }
    }

    /// Every command of `run`, oldest first.
    public func commands(run: RunID) throws(StoreError) -> [ControlCommand] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM commands WHERE run = ? ORDER BY id", arguments: [run]).map {
                Self.command($0, takenAt: nil)
            }
        }
    }

    /// The run's flattened search configuration, as recorded when it started.
    public func runConfig(_ run: RunID) throws(StoreError) -> [String: String] {
        let text = try read { db in
            try String.fetchOne(db, sql: "SELECT config FROM runs WHERE id = ?", arguments: [run])
        }
        guard let text else { throw .unknownRun(run) }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    private static func command(_ row: Row, takenAt: Double?) -> ControlCommand {
        ControlCommand(
            id: row["id"], run: row["run"], kind: row["kind"], argumentsJSON: row["args"] ?? "{}",
            author: row["author"], createdAt: row["created_at"], takenAt: row["taken_at"] ?? takenAt,
            outcome: row["outcome"])
    }

    private func writeCommands<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        guard mode == .write else { throw .readOnly(path: path) }
        do {
            return try pool.write { db in try body(db) }
        } catch {
            throw .sqlite(path: path, failure: error)
        }
    }
}
