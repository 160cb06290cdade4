import ArborModels

/// The judges' votes of one debate, counted and valued by ExACT's table: A–E are 1.0, 0.7, 0.5, −0.2, −1.0, and the
/// engine backs them up as they are, on the debate's own scale (``ValueScale/debate``).
public struct DebateTally: Sendable, Equatable {
    /// Each readable vote's value, in the order given.
    public var values: [Double]
    /// Votes that held no readable letter: skipped, not guessed.
    public var unreadable: Int

    public init(_ votes: [StatusCode?]) {
        values = votes.compactMap { $0?.debateValue }
        unreadable = votes.count - values.count
    }

    /// The mean of the readable votes; the scale's neutral 0 (what ExACT scores an unreadable vote) when none could
    /// be read.
    public var value: Double {
        values.isEmpty ? ValueScale.debate.neutral : values.reduce(0, +) / Double(values.count)
    }
}
