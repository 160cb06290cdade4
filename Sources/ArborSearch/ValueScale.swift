/// The scale a search's values live on, which is its evaluator's own, as in ExACT: the single value's status letters
/// give [0, 1] (A–E: 1, 0.9, 0.5, 0.2, 0), the debate's votes give [−1, 1] (A–E: 1, 0.7, 0.5, −0.2, −1). Q is the mean
/// of these values as they are; the exploration term, the surprise threshold (0.5) and the success estimate (0.7)
/// are ExACT's numbers on the same scale, so each means what it meant there (docs/rmcts.md, "One value scale").
public struct ValueScale: Sendable, Equatable {
    /// The value of a state that has failed for good.
    public var failure: Double
    /// The value that says nothing either way: what a node gets when no judgement could be read or the model failed.
    public var neutral: Double
    /// The value of a completed task.
    public var success: Double

    /// The single value's scale.
    public static let single = ValueScale(failure: 0, neutral: 0.5, success: 1)
    /// The debate's scale. Its neutral value, 0, is what ExACT scores an unreadable vote.
    public static let debate = ValueScale(failure: -1, neutral: 0, success: 1)
}

extension SearchMethod {
    /// The scale this method's values are backed up on.
    public var valueScale: ValueScale { debates ? .debate : .single }
}
