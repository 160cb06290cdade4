import ArborCore

/// A lesson and how relevant a ranker found it to a state, on the ranker's own scale.
public struct RankedLesson: Sendable, Equatable {
    public var reflection: Reflection
    public var score: Double

    public init(reflection: Reflection, score: Double) {
        self.reflection = reflection
        self.score = score
    }
}

/// Ranks lessons for a state by meaning rather than by shared words — an embeddings model — in place of the engine's
/// lexical BM25. An agent offers one when it has been configured with one (``Agent/lessonRanker``).
public protocol LessonRanker: Sendable {
    /// The `limit` lessons most relevant to `query`, best first, scoring above `floor`, and the model calls that
    /// took, recorded for `episode` and `node`.
    func rank(
        _ reflections: [Reflection], query: String, limit: Int, floor: Double, episode: Int?, node: NodeID?
    ) async throws -> AgentReply<[RankedLesson]>
}
