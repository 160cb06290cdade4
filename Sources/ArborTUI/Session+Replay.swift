import ArborCore

/// A move along a saved run's timeline.
public enum ReplayMove: Hashable, Sendable {
    case forwardEvent, backEvent, forwardIteration, backIteration, forwardStep, backStep, start, end
    case nextMark, previousMark, autoplay, faster, slower
}

extension ReplayMove {
    /// The replay keys; the help overlay lists them under "Replay", a pair on one line (the second of a pair has no
    /// help text of its own). In a replay Space plays and pauses, `.` moves
    /// one iteration and `,` one event, as they step a live search.
    static let bindings: [KeyBinding<Command>] = {
        func b(_ key: Character, _ label: String, _ move: ReplayMove, _ help: String) -> KeyBinding<Command> {
            KeyBinding(keys: [.character(key)], label: label, command: .replay(move), help: help, group: "Replay")
        }
        return [
            b(">", "> <", .forwardEvent, "next / previous event"),
            b("<", "<", .backEvent, ""),
            b("}", "} {", .forwardIteration, "next / previous iteration"),
            b("{", "{", .backIteration, ""),
            b(")", ") (", .forwardStep, "next / previous real step"),
            b("(", "(", .backStep, ""),
            b("m", "m M", .nextMark, "next / prev. notable event"),
            b("M", "M", .previousMark, ""),
            b("^", "^ $", .start, "start / end of the run"),
            b("$", "$", .end, ""),
            b("P", "P Space", .autoplay, "play / pause"),
            b("+", "+ -", .faster, "faster / slower"),
            b("-", "-", .slower, ""),
            // F is bound once, to follow; in a replay the session turns it into a fork (see `beginFork`).
            KeyBinding(keys: [], label: "F", command: .follow, help: "fork a new run from here", group: "Replay"),
        ]
    }()
}

extension Session {
    /// Opens a saved run as a timeline, at its end; moving along it shows the tree as it was after each event.
    public mutating func replay(run id: RunID, episode: Int? = nil) {
        var records: [EventRecord] = []
        do {
            var from: Int64 = 1
            while true {
                let batch = try library.events(run: id, from: from, limit: 50_000)
                records += batch
                guard let last = batch.last, batch.count == 50_000 else { break }
                from = last.seq + 1
            }
            timeline = try Timeline(run: id, records: records)
        } catch {
            notice = "run \(id): \(error)"
            return
        }
        open(run: id)
        isLive = false
        follow = true
        if let episode { show(episode: episode) }
    }

    /// How long the loop may wait for a key before ticking: autoplay's pace, a live run's clock, the list of runs
    /// (another process may start one), or forever.
    public var tickInterval: Duration? {
        if timeline != nil, autoplay { return .milliseconds(Int(autoplayDelay * 1000)) }
        return isLive || (page == .runs && timeline == nil) ? .seconds(1) : nil
    }

    /// Time passed with no key: autoplay takes its next event; the list of runs is read again.
    public mutating func tick() {
        if page == .runs, timeline == nil { refreshRuns() }
        guard autoplay, let timeline else { return }
        if timeline.position >= timeline.records.count {
            autoplay = false
            notice = "end of the run"
            return
        }
        seek(timeline.position + 1)
    }

    mutating func replay(_ move: ReplayMove) {
        guard let timeline else {
            notice = "only a replay moves along a timeline (arbor replay DB)"
            return
        }
        let iterations: Set<EventKind> = [.iterationStarted]
        let steps: Set<EventKind> = [.stepStarted, .actionCommitted, .episodeStarted]
        let target: Int?
        switch move {
        case .forwardEvent: target = timeline.position + 1
        case .backEvent: target = timeline.position - 1
        case .forwardIteration: target = timeline.next(iterations, forward: true) ?? timeline.records.count
        case .backIteration: target = timeline.next(iterations, forward: false) ?? 0
        case .forwardStep: target = timeline.next(steps, forward: true) ?? timeline.records.count
        case .backStep: target = timeline.next(steps, forward: false) ?? 0
        case .start: target = 0
        case .end: target = timeline.records.count
        case .nextMark, .previousMark:
            target = timeline.nextMark(forward: move == .nextMark)
            if target == nil { notice = "no more events of interest that way" }
        case .autoplay:
            autoplay.toggle()
            if autoplay, timeline.position >= timeline.records.count { seek(0) }
            notice = autoplay ? "playing, \(Int(1 / autoplayDelay)) events/s (+ faster, - slower)" : "stopped"
            target = nil
        case .faster, .slower:
            autoplayDelay = max(0.005, min(2, autoplayDelay * (move == .faster ? 0.5 : 2)))
            notice = "\(Int((1 / autoplayDelay).rounded())) events/s"
            target = nil
        }
        if let target { seek(target) }
        // A notable event says why it is one.
        if move == .nextMark || move == .previousMark, let target, let why = timeline.reasons[target] {
            notice = "event \(target): \(why)"
        }
    }

    /// Shows the run as it was after `position` events; the episode shown is the latest event's when following.
    mutating func seek(_ position: Int) {
        guard var timeline else { return }
        timeline.seek(position)
        self.timeline = timeline
        let model = timeline.model
        let latestEpisode = timeline.records.prefix(timeline.position).last { $0.event.episode != nil }?.event.episode
        replaceModel(model)
        let wanted = follow ? latestEpisode ?? episode : episode
        guard let wanted, let tree = model.state.episodes[wanted] else {
            page = .episodes
            return
        }
        if wanted != episode || page != .tree {
            show(episode: wanted)
        } else {
            viewport.outline.update(tree)
        }
        if follow, let active = tree.activeNode { viewport.cursor = active }
        if !tree.contains(cursor) { viewport.cursor = .root }
        reveal()
    }
}
