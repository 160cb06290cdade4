import ArborCore
import Foundation
import GRDB

/// Annotations: people's marks on runs, episodes, nodes and trajectories, in their own table. The event log is never
/// touched; an edit is a new row that supersedes the old one.
extension RunStore {
    /// Records a new annotation of `run` (and of `episode`, `node` or the trajectory `path` when given) and returns
    /// it. `path`, when given, runs from the root to `node` (or names the node by its last id).
    @discardableResult
    public func annotate(
        run: RunID, episode: Int? = nil, node: NodeID? = nil, path: [NodeID]? = nil, label: String? = nil,
        note: String? = nil, tags: [String] = [], author: String, at time: Double = Date().timeIntervalSince1970
    ) throws(AnnotationError) -> Annotation {
        var annotation = try Annotation.draft(
            run: run, episode: episode, node: node, path: path, label: label, note: note, tags: tags, author: author,
            at: time)
        try writeAnnotation { db throws(AnnotationError) in
            try Self.checkTarget(db, annotation)
            annotation.id = try Self.insert(db, annotation)
        }
        return annotation
    }

    /// Edits the current version of annotation `id`: a new row with the same target that supersedes it. A nil
    /// label, note or tags keeps the old one; an empty text clears it.
    @discardableResult
    public func editAnnotation(
        _ id: Int64, label: String? = nil, note: String? = nil, tags: [String]? = nil, author: String,
        at time: Double = Date().timeIntervalSince1970
    ) throws(AnnotationError) -> Annotation {
        var edited: Annotation?
        try writeAnnotation { db throws(AnnotationError) in
            let old = try Self.fetch(db, sql: "SELECT * FROM annotations WHERE id = ?", arguments: [id]).first
            guard let old else { throw .unknownAnnotation(id) }
            if let newer = try Self.fetch(db, sql: "SELECT * FROM annotations WHERE supersedes = ?", arguments: [id])
                .first
            {
                throw .alreadyEdited(id, by: newer.id)
            }
            var next = try old.edited(label: label, note: note, tags: tags, author: author, at: time)
            next.id = try Self.insert(db, next)
            edited = next
        }
        guard let edited else { throw .unknownAnnotation(id) }
        return edited
    }

    /// The annotations of `run` (of every run when nil), optionally of one episode, oldest first: the current
    /// versions only, or every version with `history`.
    public func annotations(run: RunID? = nil, episode: Int? = nil, history: Bool = false) throws(StoreError)
        -> [Annotation]
    {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let run {
            conditions.append("a.run = ?")
            arguments.append(run)
        }
        if let episode {
            conditions.append("a.episode = ?")
            arguments.append(episode)
        }
        if !history {
            conditions.append("NOT EXISTS (SELECT 1 FROM annotations b WHERE b.supersedes = a.id)")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Self.fetch(
                db, sql: "SELECT a.* FROM annotations a" + filter + " ORDER BY a.id",
                arguments: StatementArguments(arguments))
        }
    }

    // MARK: - Rows

    private func writeAnnotation(_ body: (Database) throws(AnnotationError) -> Void) throws(AnnotationError) {
        guard mode == .write else { throw .store(.readOnly(path: path)) }
        do {
            try pool.write { db in try body(db) }
        } catch let error as AnnotationError {
            throw error
        } catch {
            throw .store(.sqlite(path: path, failure: error))
        }
    }

    /// The run, episode and node must exist. Node ids are dense per episode, so the episode has one node for the root
    /// plus one per child its expansions created.
    private static func checkTarget(_ db: Database, _ annotation: Annotation) throws(AnnotationError) {
        do {
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [annotation.run]) != nil
            else { throw AnnotationError.store(.unknownRun(annotation.run)) }
            guard let episode = annotation.episode else {
                if annotation.node != nil { throw AnnotationError.nodeWithoutEpisode }
                return
            }
            let known = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM episodes WHERE run = ? AND episode = ?", arguments: [annotation.run, episode])
            guard known != nil else { throw AnnotationError.unknownEpisode(run: annotation.run, episode: episode) }
            guard let node = annotation.node else { return }
            let children =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT SUM(json_array_length(payload, '$.children')) FROM events
                        WHERE run = ? AND episode = ? AND kind = 'expanded'
                        """, arguments: [annotation.run, episode]) ?? 0
            for id in annotation.path ?? [node] where id.rawValue < 0 || id.rawValue > children {
                throw AnnotationError.unknownNode(run: annotation.run, episode: episode, node: id, nodes: children + 1)
            }
        } catch let error as AnnotationError {
            throw error
        } catch {
            throw .store(.sqlite(path: "annotations", failure: error))
        }
    }

    private static func insert(_ db: Database, _ a: Annotation) throws(AnnotationError) -> Int64 {
        do {
            try db.execute(
                sql: """
                    INSERT INTO annotations
                    (run, episode, node, path, label, note, tags, author, created_at, supersedes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    a.run, a.episode, a.node?.rawValue, a.path.map { json($0.map(\.rawValue)) }, a.label, a.note,
                    json(a.tags), a.author, a.createdAt, a.supersedes,
                ])
            return db.lastInsertedRowID
        } catch {
            throw .store(.sqlite(path: "annotations", failure: error))
        }
    }

    private static func fetch(_ db: Database, sql: String, arguments: StatementArguments) throws(AnnotationError)
        -> [Annotation]
    {
        do {
            let decoder = JSONDecoder()
            var found: [Annotation] = []
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let pathText: String? = row["path"]
                let tagsText: String = row["tags"]
                let node: Int? = row["node"]
                let path: [Int]? = try pathText.map { try decoder.decode([Int].self, from: Data($0.utf8)) }
                let tags = try decoder.decode([String].self, from: Data(tagsText.utf8))
                let id: Int64 = row["id"]
                let run: Int64 = row["run"]
                let episode: Int? = row["episode"]
                let label: String? = row["label"]
                let note: String? = row["note"]
                let author: String = row["author"]
                let createdAt: Double = row["created_at"]
                let supersedes: Int64? = row["supersedes"]
                found.append(
                    Annotation(
                        id: id, run: run, episode: episode, node: node.map { NodeID($0) },
                        path: path?.map { NodeID($0) }, label: label, note: note, tags: tags, author: author,
                        createdAt: createdAt, supersedes: supersedes))
            }
            return found
        } catch {
            throw .store(.sqlite(path: "annotations", failure: error))
        }
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        let data = (try? Event.encoder.encode(value)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
