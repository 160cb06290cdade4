import ArborCore

/// Hand-made runs for the diff view: each episode commits the given actions one by one (one child per expansion,
/// observed, valued and backed up), so two runs can be made identical up to a chosen step and different after it.
enum PlantedTrajectories {
    struct Episode {
        var task: String
        var actions: [String]
        var success: Bool
    }

    /// The run's log, and the page texts its observations point to.
    static func log(_ episodes: [Episode], method: String) -> (records: [EventRecord], texts: [BlobRef: String]) {
        var events: [Event] = [.runStarted(RunStarted(environment: "planted", model: "m", method: method, seed: 1))]
        var texts: [BlobRef: String] = [:]
        for (index, episode) in episodes.enumerated() {
            events.append(
                .episodeStarted(EpisodeStarted(episode: index, taskID: episode.task, task: "do " + episode.task)))
            for (step, action) in episode.actions.enumerated() {
                let parent = NodeID(step)
                let node = NodeID(step + 1)
                let page = Blob("Tab: page after \(action)\n[1] link 'Home'")
                texts[page.ref] = page.text
                let last = step == episode.actions.count - 1
                let value = Double(step + 1) / 10
                events += [
                    .stepStarted(StepStarted(episode: index, step: step, node: parent)),
                    .expanded(
                        Expanded(
                            episode: index, parent: parent,
                            children: [ExpandedChild(node: node, action: action, prior: 1, count: 1)], samples: 1,
                            unparseable: 0)),
                    .observed(
                        Observed(
                            episode: index, node: node, observation: page.ref, reward: last && episode.success ? 1 : 0,
                            terminal: last, success: last ? episode.success : nil)),
                    .evaluated(Evaluated(episode: index, node: node, value: value, method: .single)),
                    .backedUp(BackedUp(episode: index, path: (0...step + 1).map { NodeID($0) }, value: value)),
                    .actionCommitted(
                        ActionCommitted(
                            episode: index, step: step, node: node, action: action, stopReason: .iterations,
                            iterations: 1)),
                ]
            }
            events.append(
                .episodeEnded(
                    EpisodeEnded(
                        episode: index, success: episode.success, reward: episode.success ? 1 : 0,
                        estimatedSuccess: 0.5,
                        steps: episode.actions.count, reason: .stopped)))
        }
        events.append(.runEnded(RunEnded(status: .finished)))
        let records = events.enumerated().map { EventRecord(seq: Int64($0.offset + 1), time: 0, event: $0.element) }
        return (records, texts)
    }
}
