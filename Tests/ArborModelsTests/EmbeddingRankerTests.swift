import ArborCore
import ArborModels
import Foundation
import MockModelServer
import Testing

/// Retrieval by embeddings against the mock server, which embeds a text as counts of three words: lessons come back
/// by cosine similarity to the query, each is embedded once, and every request is a `modelCall` of the embedding role.
@Suite struct EmbeddingRankerTests {
    static let words = ["login", "price", "reply"]

    /// `{"data":[{"index":i,"embedding":[count of each word]}…]}` for the request's inputs.
    static func embed(_ request: MockRequest) -> [MockStep] {
        let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        let inputs = object?["input"] as? [String] ?? []
        let data = inputs.enumerated().map { index, text -> String in
            let lower = text.lowercased()
            let counts = words.map { word in lower.components(separatedBy: word).count - 1 }
            return #"{"index":\#(index),"embedding":[\#(counts.map(String.init).joined(separator: ","))]}"#
        }
        let body =
            #"{"model":"embed-1","data":[\#(data.joined(separator: ","))],"usage":{"prompt_tokens":\#(inputs.count * 5)}}"#
        return MockStep.response(status: 200, body: body)
    }

    static func lesson(_ task: String, _ state: String) -> Reflection {
        Reflection(
            kind: .policy, taskID: task, task: task, state: state, action: "click [1]", expected: "", happened: "",
            lesson: "lesson for \(task)", hint: ReflectionHint(), surprise: 0.5)
    }

    @Test func lessonsComeBackByCosineSimilarityAndAreEmbeddedOnce() async throws {
        let server = try MockModelServer { Self.embed($0) }
        let client = try MockReplies.client(server.baseURL) { $0.roleModels[.embedding] = "embed-1" }
        let ranker = EmbeddingRanker(client: client)
        #expect(ranker.model == "embed-1")
        let login = Self.lesson("Log in to the forum", "a login page")  // [2, 0, 0]
        let shop = Self.lesson("Find the price of a bike", "a price list")  // [0, 2, 0]
        let wall = Self.lesson("Reply to a thread", "a login wall")  // [1, 0, 1]

        let first = try await ranker.rank(
            [login, shop, wall], query: "Post a reply; the page shows a login form", limit: 5, floor: 0.1, episode: 2,
            node: 7)  // query [1, 0, 1]
        #expect(first.value.map(\.reflection.taskID) == ["Reply to a thread", "Log in to the forum"])
        #expect(first.value.map { ($0.score * 1e9).rounded() } == [1e9, 707_106_781])
        #expect(
            first.calls.map {
                [$0.role.rawValue, $0.model, "\($0.tokensIn)", "\($0.episode ?? -1)", "\($0.node?.rawValue ?? -1)"]
            }
                == [["embedding", "embed-1", "20", "2", "7"]])
        #expect(server.requests.map(\.path) == ["/v1/embeddings"])
        #expect(
            server.requests.first?.bodyText
                == #"{"input":["Post a reply; the page shows a login form","Log in to the forum\na login page","Find the price of a bike\na price list","Reply to a thread\na login wall"],"model":"embed-1"}"#
        )

        // A second ranking embeds only the query and the lesson it has not seen.
        let fresh = Self.lesson("Compare two prices", "two price tags")  // [0, 2, 0]
        let second = try await ranker.rank([login, shop, wall, fresh], query: "what price?", limit: 2, floor: 0)
        #expect(second.value.map(\.reflection.taskID) == ["Find the price of a bike", "Compare two prices"])
        #expect(server.requests.count == 2)
        #expect(
            server.requests.last?.bodyText
                == #"{"input":["what price?","Compare two prices\ntwo price tags"],"model":"embed-1"}"#)
    }

    /// The agent offers the engine an embeddings ranker only when an embeddings model is configured.
    @Test func theAgentRanksByEmbeddingsOnlyWhenAModelIsConfigured() async throws {
        let server = try MockModelServer { Self.embed($0) }
        let plain = OpenAIAgent(client: try MockReplies.client(server.baseURL) { _ in })
        #expect(plain.lessonRanker == nil)
        let embedding = OpenAIAgent(client: try MockReplies.client(server.baseURL) { $0.roleModels[.embedding] = "e5" })
        let ranker = try #require(embedding.lessonRanker as? EmbeddingRanker)
        #expect(ranker.model == "e5")
    }

    @Test func nothingToRankAsksNothing() async throws {
        let server = try MockModelServer { Self.embed($0) }
        let ranker = EmbeddingRanker(client: try MockReplies.client(server.baseURL))
        #expect(try await ranker.rank([], query: "q", limit: 3, floor: 0).value.isEmpty)
        #expect(try await ranker.rank([Self.lesson("a", "b")], query: "q", limit: 0, floor: 0).value.isEmpty)
        #expect(server.requests.isEmpty)
    }
}
