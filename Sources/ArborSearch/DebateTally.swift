import ArborModels

/// The judges' votes of one debate, counted and put on the engine's value scale.
///
/// The paper maps votes A–E to 1.0/0.7/0.5/−0.2/−1.0. The engine backs up every value on [0, 1] — the scale of
/// the single-agent judgements, of the environment's success (1) and failure (0), of `successValue` and of the
/// surprise threshold — so a vote's value `v` becomes `(v + 1) / 2`. Both evaluators then feed one running mean.
public struct DebateTally: Sendable, Equatable {
    /// Each readable vote, mapped to [0, 1], in the order given.
    public var values: [Double]
    /// Votes that held no readable letter: skipped, not guessed.
    public var unreadable: Int

    public init(_ votes: [DebateVote?]) {
        values = votes.compactMap { $0.map(Self.engineValue) }
        unreadable = votes.count - values.count
    }

    /// The mean of the readable votes; 0.5 (no information either way) when none could be read.
    public var value: Double {
        values.isEmpty ? 0.5 : values.reduce(0, +) / Double(values.count)
    }

    /// A vote's paper value on the engine's [0, 1] scale.
    public static func engineValue(_ vote: DebateVote) -> Double { (vote.value + 1) / 2 }
}
