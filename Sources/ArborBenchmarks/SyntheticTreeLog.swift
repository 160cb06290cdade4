import ArborCore

/// The log of one very large episode (or of many), for `arbor bench tui` and `arbor bench replay`: expansions of five children at leaves drawn at random
/// (so depths vary as a search's do), each leaf observed (pages drawn from a fixed set, as real pages repeat),
/// valued and backed up to the root.
struct SyntheticTreeLog {
    let records: [EventRecord]
    let texts: [BlobRef: String]

    /// Grows `episodes` trees one after another until they hold at least `nodes` nodes between them.
    init(nodes: Int, episodes: Int = 1, seed: UInt64 = 7) {
        var random = SplitMix64(seed: seed)
        let pages = (0..<64).map { Blob("Page \($0): listings, filters and a search box; item \($0 * 37 % 101).") }
        texts = Dictionary(
            pages.compactMap { page in page.text.map { (page.ref, $0) } }, uniquingKeysWith: { first, _ in first })
        var events: [Event] = [.runStarted(SyntheticSearch.runStarted(seed: seed))]
        events.reserveCapacity(nodes + nodes / 5 * 3)
        let perEpisode = max(1, nodes / max(1, episodes))
        for episode in 0..<max(1, episodes) {
            events.append(
                .episodeStarted(
                    EpisodeStarted(episode: episode, taskID: "synthetic/\(episode)", task: "Find the red bicycle.")))
            events.append(
                .observed(
                    Observed(
                        episode: episode, node: .root, observation: pages[0].ref, reward: 0, terminal: false,
                        success: nil)))
            events.append(.stepStarted(StepStarted(episode: episode, step: 0, node: .root)))
            Self.grow(episode: episode, nodes: perEpisode, pages: pages, random: &random, into: &events)
        }
        records = events.enumerated().map { EventRecord(seq: Int64($0.offset + 1), time: 0, event: $0.element) }
    }

    /// Expands leaves drawn at random until the episode's tree holds at least `nodes` nodes.
    private static func grow(
        episode: Int, nodes: Int, pages: [Blob], random: inout SplitMix64, into events: inout [Event]
    ) {
        var parents: [Int] = [-1]
        var frontier: [Int] = [0]
        var iteration = 0
        while parents.count < nodes, !frontier.isEmpty {
            iteration += 1
            let pick = Int(random.next() % UInt64(frontier.count))
            let leaf = frontier[pick]
            frontier.swapAt(pick, frontier.count - 1)
            frontier.removeLast()
            var path = [NodeID(leaf)]
            var up = parents[leaf]
            while up >= 0 {
                path.append(NodeID(up))
                up = parents[up]
            }
            path.reverse()
            let children = (0..<5).map { k in
                ExpandedChild(
                    node: NodeID(parents.count + k), action: "click [\((leaf * 5 + k) % 997)] item \(k)",
                    prior: 0.2, count: 1)
            }
            for child in children {
                frontier.append(child.node.rawValue)
                parents.append(leaf)
            }
            let value = random.unit()
            events.append(.iterationStarted(IterationStarted(episode: episode, step: 0, iteration: iteration)))
            if leaf != 0 {
                events.append(
                    .observed(
                        Observed(
                            episode: episode, node: NodeID(leaf), observation: pages[leaf % pages.count].ref,
                            reward: 0, terminal: false, success: nil)))
            }
            events.append(
                .expanded(
                    Expanded(episode: episode, parent: NodeID(leaf), children: children, samples: 5, unparseable: 0)))
            events.append(.evaluated(Evaluated(episode: episode, node: NodeID(leaf), value: value, method: .single)))
            events.append(.backedUp(BackedUp(episode: episode, path: path, value: value)))
        }
    }
}
