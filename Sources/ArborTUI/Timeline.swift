import ArborCore

/// A saved run's log as a timeline a person can move along: the fold at any event, reached from the nearest
/// checkpoint (a copy of the fold every `spacing` events) or, moving forward, from where it stands, so a seek
/// anywhere in a long run applies at most `spacing` events; and the events worth stopping at.
///
/// Checkpoints are cheap because the fold's trees share unchanged chunks between copies and node details are read
/// from the log on demand (``NodeMentions``) rather than carried in each copy.
public struct Timeline: Sendable {
    public let records: [EventRecord]
    /// How many events are applied (0 … records.count).
    public private(set) var position: Int
    /// Indices (event positions after applying) of the events of interest, in order.
    public let marks: [Int]
    /// Why each mark is notable, by position (what `m` and `M` say when they stop there).
    public let reasons: [Int: String]
    public let spacing: Int
    private var checkpoints: [Int: RunModel] = [:]
    /// The fold after the first `position` events.
    public private(set) var model: RunModel

    /// Folds the whole log once, keeping a checkpoint every `spacing` events (by default every 25,000, at most 40 of
    /// them: checkpoints share what they did not change, but one huge tree changes everywhere, and each costs up to a
    /// tree's worth of records). Fails on a log that does not fold.
    public init(run: RunID, records: [EventRecord], spacing: Int? = nil) throws(FoldError) {
        self.records = records
        self.spacing = max(1, spacing ?? max(25_000, records.count / 40))
        var model = RunModel(run: run, mentions: NodeMentions(records))
        var checkpoints = [0: model]
        var marks: [Int] = []
        var reasons: [Int: String] = [:]
        for (index, record) in records.enumerated() {
            if let why = Self.notability(record.event, before: model) {
                marks.append(index + 1)
                reasons[index + 1] = why
            }
            try model.apply(record)
            if (index + 1) % self.spacing == 0 { checkpoints[index + 1] = model }
        }
        self.checkpoints = checkpoints
        self.marks = marks
        self.reasons = reasons
        self.position = records.count
        self.finalModel = model
        self.model = model
    }

    private let finalModel: RunModel

    /// The fold after the first `position` events.
    public func model(at position: Int) -> RunModel {
        let target = max(0, min(records.count, position))
        if target == records.count { return finalModel }
        let base = target / spacing * spacing
        // A forward move within reach continues from where the timeline stands instead of a checkpoint.
        var model = self.position <= target && self.position > base ? self.model : checkpoints[base] ?? checkpoints[0]!
        for record in records[model.state.eventCount..<target] { try? model.apply(record) }
        return model
    }

    public mutating func seek(_ position: Int) {
        let target = max(0, min(records.count, position))
        model = model(at: target)
        self.position = target
    }

    /// The position after the next (or previous) event of `kinds`, from the current position.
    public func next(_ kinds: Set<EventKind>, forward: Bool) -> Int? {
        if forward {
            return records.indices.dropFirst(position).first { kinds.contains(records[$0].event.kind) }.map { $0 + 1 }
        }
        guard position > 1 else { return nil }
        return records.indices.prefix(position - 1).last { kinds.contains(records[$0].event.kind) }.map { $0 + 1 }
    }

    public func nextMark(forward: Bool) -> Int? {
        forward ? marks.first { $0 > position } : marks.last { $0 < position }
    }

    /// Why an event is worth stopping at, or nil when it is not: a value well below what its node's parent expected,
    /// a split debate, an error, unparseable samples, a person's intervention, a success.
    static func notability(_ event: Event, before model: RunModel) -> String? {
        switch event {
        case .error(let e): return "an error (\(e.source.rawValue)): \(e.message)"
        case .intervention(let e): return "a person's control: \(e.kind.rawValue) by \(e.author), \(e.outcome)"
        case .expanded(let e):
            return e.unparseable > 0
                ? "\(e.unparseable) of \(e.samples) policy samples at \(e.parent) could not be parsed" : nil
        case .episodeEnded(let e): return e.success ? "episode \(e.episode + 1) succeeded" : nil
        case .observed(let e): return e.success == true ? "the environment's check passed at \(e.node)" : nil
        case .debate(let e):
            let votes = Set(e.turns.compactMap(\.vote))
            let split = votes.count >= 3 || (votes.contains("A") && (votes.contains("D") || votes.contains("E")))
            return split ? "the judges split on \(e.node): votes \(votes.sorted().joined(separator: " "))" : nil
        case .evaluated(let e):
            guard let tree = model.state.episodes[e.episode], tree.contains(e.node),
                let parent = tree.parent(of: e.node), tree.statistics(of: parent).visits > 0
            else { return nil }
            let expected = tree.statistics(of: parent).q
            return e.value < expected - 0.3
                ? "\(e.node) valued \(Figures.value(e.value)), well below its parent's Q \(Figures.value(expected))"
                : nil
        default: return nil
        }
    }
}
