import ArborCore
import Foundation

/// The trees for Graphviz: one cluster per episode, one line per node (its action, N and Q), the committed path
/// drawn bold and filled, successful terminals doubled.
public struct DotGraph: Sendable {
    public let text: String

    /// Actions longer than this are cut in labels, to keep the drawing readable.
    static let actionLimit = 40

    public init(recording: RunRecording, episodes: [EpisodeTree]) {
        var lines = ["digraph \"run\(recording.run)\" {", "  node [shape=box, fontname=\"monospace\", fontsize=10];"]
        for tree in episodes {
            let e = tree.episode
            let outcome = tree.outcome.map { $0.success ? "success" : "failure" } ?? "not ended"
            lines.append("  subgraph cluster_e\(e) {")
            lines.append("    label=\"\(Self.escaped("episode \(e + 1): \(tree.taskID) (\(outcome))"))\";")
            let committed = Set(tree.committedPath)
            for node in tree.nodes {
                var action = node.id == .root ? "root" : ElementLabel.shown(node.action, label: node.label)
                if action.count > Self.actionLimit { action = String(action.prefix(Self.actionLimit)) + "…" }
                let label = "\(node.id.rawValue): \(action)\nN=\(node.visits) Q=\(String(format: "%.2f", node.q))"
                var attributes = ["label=\"\(Self.escaped(label))\""]
                if committed.contains(node.id) { attributes.append("style=\"bold,filled\", fillcolor=\"palegreen\"") }
                if node.success == true { attributes.append("peripheries=2") }
                if node.excluded { attributes.append("color=\"gray\"") }
                lines.append("    e\(e)_n\(node.id.rawValue) [\(attributes.joined(separator: ", "))];")
            }
            for node in tree.nodes {
                guard let parent = node.parent else { continue }
                let bold = committed.contains(node.id) ? " [penwidth=3]" : ""
                lines.append("    e\(e)_n\(parent.rawValue) -> e\(e)_n\(node.id.rawValue)\(bold);")
            }
            lines.append("  }")
        }
        lines.append("}")
        text = lines.joined(separator: "\n") + "\n"
    }

    /// A DOT string's contents: line breaks as `\n`, escapes and controls made visible (see ``TerminalText``),
    /// quotes and backslashes escaped.
    static func escaped(_ text: String) -> String {
        TerminalText.lines(text).map {
            $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        }.joined(separator: "\\n")
    }
}
