import ArborCore

/// Where a saved log mentions each node (its evaluations, debates, calls, retrieved lessons, errors, interventions
/// and the selections that weighed its children), so a replay gathers a node's details at any position from the
/// log itself instead of carrying every node's details through every checkpoint and seek.
///
/// Per episode the positions sit in one flat array, node after node, each node's in log order.
final class NodeMentions: Sendable {
    private struct Episode {
        /// `positions[starts[n] ..< starts[n + 1]]` are node `n`'s mentions.
        var starts: [Int32] = [0]
        var positions: [Int32] = []
    }

    private let records: [EventRecord]
    private let episodes: [Int: Episode]

    init(_ records: [EventRecord]) {
        self.records = records
        var counts: [Int: [Int32]] = [:]
        for record in records {
            guard let (episode, nodes) = RunModel.mentioned(in: record.event) else { continue }
            for node in nodes where node.rawValue >= 0 {
                var perNode = counts.removeValue(forKey: episode) ?? []
                if perNode.count <= node.rawValue {
                    perNode += repeatElement(0, count: node.rawValue + 1 - perNode.count)
                }
                perNode[node.rawValue] += 1
                counts[episode] = perNode
            }
        }
        // Each node's slots start where the previous node's end; `next` is the free slot of each node.
        var episodes: [Int: (layout: Episode, next: [Int32])] = [:]
        for (episode, perNode) in counts {
            var starts = [Int32](repeating: 0, count: perNode.count + 1)
            for (node, count) in perNode.enumerated() { starts[node + 1] = starts[node] + count }
            let layout = Episode(starts: starts, positions: [Int32](repeating: 0, count: Int(starts[perNode.count])))
            episodes[episode] = (layout, Array(starts.dropLast()))
        }
        for (index, record) in records.enumerated() {
            guard let (episode, nodes) = RunModel.mentioned(in: record.event) else { continue }
            guard var filling = episodes.removeValue(forKey: episode) else { continue }
            for node in nodes where node.rawValue >= 0 {
                filling.layout.positions[Int(filling.next[node.rawValue])] = Int32(truncatingIfNeeded: index)
                filling.next[node.rawValue] += 1
            }
            episodes[episode] = filling
        }
        self.episodes = episodes.mapValues(\.layout)
    }

    /// A node's details from the first `position` events of the log.
    func details(episode: Int, node: NodeID, before position: Int) -> NodeDetails {
        var details = NodeDetails()
        guard let mentions = episodes[episode], node.rawValue >= 0, node.rawValue + 1 < mentions.starts.count
        else { return details }
        for slot in Int(mentions.starts[node.rawValue])..<Int(mentions.starts[node.rawValue + 1]) {
            let index = Int(mentions.positions[slot])
            guard index < position else { break }
            RunModel.add(records[index].event, for: node, to: &details)
        }
        return details
    }
}
