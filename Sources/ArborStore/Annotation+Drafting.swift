import ArborCore
import Foundation

/// The checks and trimming every backend applies before it stores an annotation, so that they agree.
extension Annotation {
    /// A new annotation of `run` (and of `episode`, `node` or the trajectory `path` when given), not yet stored (id
    /// 0). `path`, when given, runs from the root to `node` (or names the node by its last id).
    public static func draft(
        run: RunID, episode: Int?, node: NodeID?, path: [NodeID]?, label: String?, note: String?, tags: [String],
        author: String, at time: Double
    ) throws(AnnotationError) -> Annotation {
        let node = node ?? path?.last
        if let path, path.first != .root || path.last != node { throw .badPath(path) }
        let annotation = Annotation(
            id: 0, run: run, episode: episode, node: node, path: path, label: cleaned(label), note: cleaned(note),
            tags: tags.compactMap(cleaned), author: author, createdAt: time)
        guard annotation.label != nil || annotation.note != nil || !annotation.tags.isEmpty else {
            throw .nothingToSay
        }
        return annotation
    }

    /// The next version of this annotation, not yet stored: a nil label, note or tags keeps the old one; an empty
    /// text clears it.
    public func edited(label: String?, note: String?, tags: [String]?, author: String, at time: Double)
        throws(AnnotationError) -> Annotation
    {
        var next = self
        if let label { next.label = Self.cleaned(label) }
        if let note { next.note = Self.cleaned(note) }
        if let tags { next.tags = tags.compactMap(Self.cleaned) }
        guard next.label != nil || next.note != nil || !next.tags.isEmpty else { throw .nothingToSay }
        next.author = author
        next.createdAt = time
        next.supersedes = id
        return next
    }

    /// Trimmed text, or nil when nothing is left.
    static func cleaned(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
