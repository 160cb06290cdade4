import ArborCore

// Steering keys: the session only turns a key into a request on the node under the cursor (a ``SessionEffect``);
// whoever steers (the demo's engine, or the commands table for `watch --control`) takes the requests and reports back
// through the log, whose `intervention` events become the status line's notice.
extension Session {
    /// Shows `text` on the status line until the next key.
    public mutating func say(_ text: String) { notice = text }

    mutating func ask(_ steer: Steer) {
        guard steering != nil else {
            return say("this view cannot steer the search (use arbor demo, arbor run --tui or arbor watch --control)")
        }
        guard page == .tree, let tree else { return say("open an episode's tree to steer its search") }
        if steer == .overrideValue {
            prompt = .command("override \(cursor) ")
            return
        }
        let kind: InterventionKind =
            switch steer {
            // Paused as the steering side says (in process) or as the log says (another process's search).
            case .pauseResume: mode == .paused ? .resume : .pause
            case .stepIteration: .stepIteration
            case .stepPhase: .stepPhase
            case .expand: .expand
            case .reevaluate: .reevaluate
            case .backtrack: .backtrack
            case .commit: .commit
            case .excludeAllow: tree[cursor].excluded ? .allow : .exclude
            case .lockRoot: .lockRoot
            case .overrideValue: .overrideValue
            }
        let global: Set<InterventionKind> = [.pause, .resume, .stepIteration, .stepPhase]
        effects.append(
            .steer(SteerRequest(kind: kind, episode: tree.episode, node: global.contains(kind) ? nil : cursor)))
    }

    /// `:pause` / `:resume`: asks for exactly that, whatever the front end believes the search is doing.
    mutating func ask(pause: Bool) {
        guard steering != nil else {
            return say("this view cannot steer the search (use arbor demo, arbor run --tui or arbor watch --control)")
        }
        guard let episode = tree?.episode ?? model?.state.orderedEpisodes.last?.episode else {
            return say("no episode to \(pause ? "pause" : "resume") yet")
        }
        effects.append(.steer(SteerRequest(kind: pause ? .pause : .resume, episode: episode, node: nil)))
    }

    /// `:override NODE VALUE [note…]`: sets a node's value by hand, on the engine's [0, 1] scale.
    mutating func override(_ words: ArraySlice<String>) {
        let usage = "override takes a node and a value in [0, 1]: :override n4 0.8 [note]"
        guard steering != nil else { return say("this view cannot steer the search") }
        guard let tree, let first = words.first, let id = Int(first.trimmingPrefix("n")), tree.contains(NodeID(id))
        else { return say(usage) }
        guard words.count >= 2, let value = Double(words[words.startIndex + 1]), value >= 0, value <= 1 else {
            return say(usage)
        }
        let note = words.dropFirst(2).joined(separator: " ")
        effects.append(
            .steer(
                SteerRequest(
                    kind: .overrideValue, episode: tree.episode, node: NodeID(id), value: value,
                    note: note.isEmpty ? nil : note)))
    }

    /// How the status line reports a person's control: `expand n4 by ada: done`.
    static func describe(_ intervention: Intervention) -> String {
        let node = intervention.node.map { " \($0)" } ?? ""
        return "\(intervention.kind.rawValue)\(node) by \(intervention.author): \(intervention.outcome)"
    }
}
