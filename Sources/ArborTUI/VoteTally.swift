import ArborCore

/// A debate's judge votes counted by letter and tied to the value the node got: `2×B 1×C 1×D → 0.55`.
///
/// Each letter's value comes from the log itself — the debate's `evaluated` event lists the value of every readable
/// vote, in the judges' order — so the legend shows what this run's engine used, not a copy of its table.
struct VoteTally {
    /// Letters in order, with how many judges gave each.
    var counts: [(letter: String, count: Int)]
    /// Judges whose answer held no readable letter.
    var unreadable: Int
    /// Each letter's value on the engine's scale, when the log pairs them.
    var legend: [(letter: String, value: Double)]
    var value: Double

    init(_ debate: Debate, evaluation: Evaluated?) {
        let votes = debate.turns.filter { $0.role == .judge }.map(\.vote)
        let readable = votes.compactMap { $0 }
        counts = Dictionary(grouping: readable, by: { $0 }).map { ($0.key, $0.value.count) }.sorted {
            $0.letter < $1.letter
        }
        unreadable = votes.count - readable.count
        value = debate.value
        var values: [String: Double] = [:]
        if let samples = evaluation?.samples, samples.count == readable.count {
            for (letter, sample) in zip(readable, samples) { values[letter] = sample }
        }
        legend = values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `2×B 1×C 1×D → 0.55`, with unreadable votes counted as `1×?`.
    var line: String {
        var parts = counts.map { "\($0.count)×\($0.letter)" }
        if unreadable > 0 { parts.append("\(unreadable)×?") }
        return (parts.isEmpty ? "no votes" : parts.joined(separator: " ")) + " → " + Figures.value(value)
    }

    /// `B = 0.85  C = 0.75  D = 0.40`, or nil when the log does not pair letters with values.
    var legendLine: String? {
        legend.isEmpty ? nil : legend.map { "\($0.letter) = \(Figures.value($0.value))" }.joined(separator: "  ")
    }

    /// The `evaluated` event a debate produced: the debate valuation at the node with one sample per readable vote.
    static func evaluation(of debate: Debate, in details: NodeDetails) -> Evaluated? {
        let readable = debate.turns.filter { $0.role == .judge && $0.vote != nil }.count
        return details.evaluations.last {
            $0.method == .debate && $0.samples.count == readable && $0.value == debate.value
        }
    }
}
