import ArborCore

/// Ranks lessons for a state by meaning rather than by shared words: the cosine similarity of the embedded query
/// (task and state) to each lesson's embedded task and state. Each lesson is embedded once and kept; a ranking sends
/// one `/embeddings` request with the query and the lessons not seen before. The engine's BM25 is the default; this
/// serves retrieval when an embeddings model is configured (`[model.roles] embedding`).
public actor EmbeddingRanker: LessonRanker {
    private let client: OpenAIClient
    /// The embeddings model (the configuration's `.embedding` role).
    nonisolated public let model: String
    private var vectors: [String: [Double]] = [:]

    public init(client: OpenAIClient) {
        self.client = client
        model = client.configuration.model(for: .embedding)
    }

    /// The text of a lesson that is embedded: what it is about, as BM25 matches it.
    public static func text(of reflection: Reflection) -> String { reflection.task + "\n" + reflection.state }

    /// The `limit` lessons most similar to `query`, best first, scored by the cosine similarity of their embeddings
    /// (in [-1, 1]) and above `floor` (ties keep the earlier lesson first), and the embeddings call it took as a
    /// `modelCall` record for `episode` and `node`.
    public func rank(
        _ reflections: [Reflection], query: String, limit: Int, floor: Double, episode: Int? = nil,
        node: NodeID? = nil
    ) async throws -> AgentReply<[RankedLesson]> {
        guard limit > 0, !reflections.isEmpty else { return AgentReply([]) }
        var unseen: [Reflection] = []
        for reflection in reflections where vectors[reflection.id] == nil {
            if !unseen.contains(where: { $0.id == reflection.id }) { unseen.append(reflection) }
        }
        let embeddings = try await client.embed([query] + unseen.map(Self.text), model: model)
        for (reflection, vector) in zip(unseen, embeddings.vectors.dropFirst()) { vectors[reflection.id] = vector }
        let queryVector = embeddings.vectors[0]
        let ranked = reflections.enumerated().compactMap { offset, reflection -> (Int, RankedLesson)? in
            guard let vector = vectors[reflection.id] else { return nil }
            let similarity = Self.cosine(queryVector, vector)
            return similarity > floor ? (offset, RankedLesson(reflection: reflection, score: similarity)) : nil
        }.sorted { a, b in
            a.1.score != b.1.score ? a.1.score > b.1.score : a.0 < b.0
        }.prefix(limit).map(\.1)
        let call = ModelCallRecord(
            episode: episode, node: node, role: .embedding, model: embeddings.model, tokensIn: embeddings.usage.prompt,
            tokensOut: 0, latencyMs: Double(embeddings.latency.milliseconds), costUSD: embeddings.costUSD)
        return AgentReply(Array(ranked), calls: [call])
    }

    /// Cosine similarity; 0 when either vector is all zeros or their lengths differ (a server that changed models).
    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot = 0.0
        var normA = 0.0
        var normB = 0.0
        for i in a.indices {
            dot += a[i] * b[i]
            normA += a[i] * a[i]
            normB += b[i] * b[i]
        }
        guard normA > 0, normB > 0 else { return 0 }
        return dot / (normA.squareRoot() * normB.squareRoot())
    }
}
