import ArborCore
import Foundation
import Synchronization

/// A lesson found for a state, with its BM25 relevance.
public struct RetrievedReflection: Sendable, Equatable {
    public var reflection: Reflection
    public var score: Double
}

/// The lessons a run can draw on: seeded at run start with earlier runs' reflections (the caller reads them from
/// wherever it keeps them; the engine never reads a database) and grown by every episode's reflection.
///
/// Retrieval is lexical: BM25 of the query (task and current state) against each lesson's task and state text.
/// Shared by the episodes of a run, which may run in parallel, so its state sits behind a lock.
public final class ReflectionMemory: Sendable {
    /// BM25's term-frequency saturation and length normalisation, at their usual values.
    static let k1 = 1.2
    static let b = 0.75

    private struct Document {
        var reflection: Reflection
        var terms: [String: Int]
        var length: Int
    }

    private let documents: Mutex<[Document]>

    public init(_ reflections: [Reflection] = []) {
        documents = Mutex(reflections.map(Self.document))
    }

    /// `reflections`, in their order, with the terms of each lesson `earlier` holds taken from it instead of read
    /// again: a worker reads a run's lessons before each episode, mostly the ones it read before.
    public init(_ reflections: [Reflection], reusing earlier: ReflectionMemory) {
        let known = earlier.documents.withLock { Dictionary($0.map { ($0.reflection.id, $0) }) { first, _ in first } }
        documents = Mutex(
            reflections.map { reflection in
                guard let document = known[reflection.id], document.reflection == reflection else {
                    return Self.document(reflection)
                }
                return document
            })
    }

    /// Every lesson held, oldest first.
    public var reflections: [Reflection] { documents.withLock { $0.map(\.reflection) } }

    /// The lessons of `kind` held, oldest first.
    public func reflections(of kind: ReflectionKind) -> [Reflection] {
        documents.withLock { $0.lazy.filter { $0.reflection.kind == kind }.map(\.reflection) }
    }

    /// Adds a lesson; one with the same id as a held lesson is ignored.
    public func add(_ reflection: Reflection) {
        documents.withLock { documents in
            guard !documents.contains(where: { $0.reflection.id == reflection.id }) else { return }
            documents.append(Self.document(reflection))
        }
    }

    /// The `limit` lessons of `kind` most relevant to `query`, best first, scoring above `floor`; ties keep the
    /// older lesson first.
    public func retrieve(kind: ReflectionKind, query: String, limit: Int, floor: Double) -> [RetrievedReflection] {
        guard limit > 0 else { return [] }
        // Sorted, not a Set: a Set's order changes from process to process (Swift seeds its hashing per process),
        // and summing the terms' scores in another order changes the last bits, so ties between lessons would
        // break differently from run to run.
        let queryTerms = Set(Self.terms(query)).sorted()
        return documents.withLock { all in
            let pool = all.filter { $0.reflection.kind == kind }
            guard !pool.isEmpty else { return [] }
            let averageLength = Double(pool.reduce(0) { $0 + $1.length }) / Double(pool.count)
            let n = Double(pool.count)
            var idf: [String: Double] = [:]
            for term in queryTerms {
                let df = Double(pool.reduce(0) { $0 + ($1.terms[term] == nil ? 0 : 1) })
                idf[term] = log(1 + (n - df + 0.5) / (df + 0.5))
            }
            var scored: [RetrievedReflection] = []
            for document in pool {
                var score = 0.0
                for term in queryTerms {
                    guard let tf = document.terms[term].map(Double.init) else { continue }
                    let norm = Self.k1 * (1 - Self.b + Self.b * Double(document.length) / max(averageLength, 1))
                    score += idf[term]! * tf * (Self.k1 + 1) / (tf + norm)
                }
                if score > floor { scored.append(RetrievedReflection(reflection: document.reflection, score: score)) }
            }
            // A stable sort keeps older lessons first among equal scores.
            return Array(
                scored.enumerated().sorted { a, b in
                    a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
                }.prefix(limit).map(\.element))
        }
    }

    private static func document(_ reflection: Reflection) -> Document {
        let words = terms(reflection.task + " " + reflection.state)
        return Document(
            reflection: reflection, terms: words.reduce(into: [:]) { $0[$1, default: 0] += 1 },
            length: words.count)
    }

    /// Lower-cased runs of letters and digits.
    static func terms(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
