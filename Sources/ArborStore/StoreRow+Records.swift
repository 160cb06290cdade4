import ArborCore
import Foundation

/// Records read back from rows by column name, for a backend other than SQLite (which reads GRDB rows itself).
extension Annotation {
    /// An `annotations` row; nil when its path or tags are not the JSON arrays Arbor writes.
    public init?(row: StoreRow) {
        let decoder = JSONDecoder()
        guard let tagsText = row["tags"]?.text,
            let tags = try? decoder.decode([String].self, from: Data(tagsText.utf8))
        else { return nil }
        var path: [NodeID]?
        if let pathText = row["path"]?.text {
            guard let ids = try? decoder.decode([Int].self, from: Data(pathText.utf8)) else { return nil }
            path = ids.map { NodeID($0) }
        }
        self.init(
            id: row["id"]?.integer ?? 0, run: row["run"]?.integer ?? 0, episode: row["episode"]?.integer.map(Int.init),
            node: row["node"]?.integer.map { NodeID(Int($0)) }, path: path, label: row["label"]?.text,
            note: row["note"]?.text, tags: tags, author: row["author"]?.text ?? "",
            createdAt: row["created_at"]?.real ?? 0, supersedes: row["supersedes"]?.integer)
    }
}

extension Reflection {
    /// A `reflections` row; nil when its hint is not the JSON Arbor writes.
    public init?(row: StoreRow) {
        guard let hintText = row["hint"]?.text,
            let hint = try? JSONDecoder().decode(ReflectionHint.self, from: Data(hintText.utf8))
        else { return nil }
        func text(_ column: String) -> String { row[column]?.text ?? "" }
        self.init(
            kind: ReflectionKind(rawValue: text("kind")) ?? .policy, taskID: text("task_id"), task: text("task"),
            state: text("state"), action: text("action"), expected: text("expected"), happened: text("happened"),
            lesson: text("lesson"), hint: hint, surprise: row["surprise"]?.real ?? 0)
        id = text("id")
    }
}
