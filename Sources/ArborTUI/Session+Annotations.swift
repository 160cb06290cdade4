import ArborCore
import Foundation

extension Session {
    /// Marks the node under the cursor (or the trajectory from the root to it) with `label [note]`, e.g.
    /// `good found the sort` or `bad`. Known labels are good, bad and unsure; any other word is a tag used as a label.
    mutating func annotate(_ text: String, trajectory: Bool) {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let label = words.first, let tree, let model else {
            notice = "an annotation needs a label: good, bad, unsure or a word of your own"
            return
        }
        let note = words.count > 1 ? words[1] : nil
        let author = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "user"
        do {
            let made = try library.annotate(
                run: model.run, episode: tree.episode, node: cursor, path: trajectory ? tree.path(to: cursor) : nil,
                label: label, note: note, author: author)
            annotations.append(made)
            notice = "annotated \(trajectory ? "trajectory to " : "")\(cursor) as \(label)"
        } catch {
            notice = "could not annotate: \(error)"
        }
    }

    /// Reloads the open run's annotations.
    mutating func reloadAnnotations() {
        guard let model else { return }
        annotations = (try? library.annotations(run: model.run)) ?? []
    }

    /// The nodes of the shown episode that carry an annotation.
    var annotatedNodes: Set<NodeID> {
        guard let episode else { return [] }
        return Set(annotations.filter { $0.episode == episode }.compactMap { $0.node ?? $0.path?.last })
    }
}
