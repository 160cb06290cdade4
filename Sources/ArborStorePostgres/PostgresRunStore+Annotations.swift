import ArborCore
import ArborStore
import Foundation

/// Annotations on PostgreSQL: drafted and checked as in a file (``Annotation/draft``), each write one transaction.
extension PostgresRunStore {
    @discardableResult
    public func annotate(
        run: RunID, episode: Int? = nil, node: NodeID? = nil, path: [NodeID]? = nil, label: String? = nil,
        note: String? = nil, tags: [String] = [], author: String, at time: Double = Date().timeIntervalSince1970
    ) throws(AnnotationError) -> Annotation {
        guard mode == .write else { throw .store(.readOnly(path: location)) }
        var annotation = try Annotation.draft(
            run: run, episode: episode, node: node, path: path, label: label, note: note, tags: tags, author: author,
            at: time)
        try checkTarget(annotation)
        annotation.id = try insert(annotation)
        return annotation
    }

    @discardableResult
    public func editAnnotation(
        _ id: Int64, label: String? = nil, note: String? = nil, tags: [String]? = nil, author: String,
        at time: Double = Date().timeIntervalSince1970
    ) throws(AnnotationError) -> Annotation {
        guard mode == .write else { throw .store(.readOnly(path: location)) }
        let found: [StoreRow]
        let newer: [StoreRow]
        do {
            found = try query("SELECT * FROM annotations WHERE id = $1", [.integer(id)])
            newer = try query("SELECT id FROM annotations WHERE supersedes = $1", [.integer(id)])
        } catch {
            throw .store(error)
        }
        guard let row = found.first, let old = Annotation(row: row) else { throw .unknownAnnotation(id) }
        if let by = newer.first?["id"]?.integer { throw .alreadyEdited(id, by: by) }
        var next = try old.edited(label: label, note: note, tags: tags, author: author, at: time)
        next.id = try insert(next)
        return next
    }

    /// The run, episode and node must exist; node ids are dense per episode (the root plus one per child).
    private func checkTarget(_ annotation: Annotation) throws(AnnotationError) {
        do {
            _ = try run(annotation.run)
            guard let episode = annotation.episode else {
                if annotation.node != nil { throw AnnotationError.nodeWithoutEpisode }
                return
            }
            let known = try query(
                "SELECT 1 AS found FROM episodes WHERE run = $1 AND episode = $2",
                [.integer(annotation.run), .integer(Int64(episode))])
            guard !known.isEmpty else { throw AnnotationError.unknownEpisode(run: annotation.run, episode: episode) }
            guard let node = annotation.node else { return }
            let children = Int(
                try query(
                    """
                    SELECT COALESCE(SUM(jsonb_array_length(payload::jsonb -> 'children')), 0)::BIGINT AS children
                    FROM events WHERE run = $1 AND episode = $2 AND kind = 'expanded'
                    """, [.integer(annotation.run), .integer(Int64(episode))]
                ).first?["children"]?.integer ?? 0)
            for id in annotation.path ?? [node] where id.rawValue < 0 || id.rawValue > children {
                throw AnnotationError.unknownNode(
                    run: annotation.run, episode: episode, node: id, nodes: children + 1)
            }
        } catch let error as AnnotationError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(.server(location: location, message: "\(error)"))
        }
    }

    private func insert(_ a: Annotation) throws(AnnotationError) -> Int64 {
        func json<T: Encodable>(_ value: T) -> String {
            (try? Event.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        }
        let path = a.path.map { json($0.map(\.rawValue)) }
        let tags = json(a.tags)
        func optional(_ text: String?) -> StoreValue { text.map { .text($0) } ?? .null }
        do throws(StoreError) {
            let inserted = try query(
                """
                INSERT INTO annotations (run, episode, node, path, label, note, tags, author, created_at, supersedes)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
                """,
                [
                    .integer(a.run), a.episode.map { .integer(Int64($0)) } ?? .null,
                    a.node.map { .integer(Int64($0.rawValue)) } ?? .null, optional(path), optional(a.label),
                    optional(a.note), .text(tags), .text(a.author), .real(a.createdAt),
                    a.supersedes.map { .integer($0) } ?? .null,
                ])
            guard let id = inserted.first?["id"]?.integer else {
                throw StoreError.server(location: location, message: "the annotation was given no id")
            }
            return id
        } catch {
            throw .store(error)
        }
    }
}
