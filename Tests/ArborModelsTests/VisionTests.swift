import ArborCore
import Foundation
import MockModelServer
import Testing

@testable import ArborModels

/// Screenshots go to the roles whose model sees images, as OpenAI content parts, and each call records what it sent;
/// a text-only role gets the text alone.
@Suite struct VisionTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]

    static var context: AgentContext {
        var context = AgentContext(
            episode: 0, node: NodeID(rawValue: 4), task: "Open the red room.", observation: "[1] link 'Red room'",
            previousActions: [], actionGrammar: "click [id]")
        context.images = [Blob(image: EncodedImage(bytes: png)!)]
        return context
    }

    /// What a request sent: each message's content as text or parts.
    struct Sent: Decodable {
        var messages: [ChatMessage]
    }

    @Test func aVisionRoleGetsContentPartsAndATextRoleText() async throws {
        let server = try MockModelServer { _ in
            MockStep.response(status: 200, body: MockReplies.chat(["Thinking.\nAction: click [1]"]))
        }
        var configuration = ModelConfiguration(baseURL: server.baseURL, model: "vlm")
        configuration.retry = RetryPolicy(maxAttempts: 1)
        configuration.visionRoles = [.policy]
        configuration.imageDetail = "low"
        let agent = OpenAIAgent(client: try OpenAIClient(configuration: configuration, environment: { _ in nil }))

        let proposed = try await agent.propose(Self.context, samples: 1, temperature: 1)
        _ = try await agent.estimateValue(Self.context, samples: 1)

        #expect(server.requests.count == 2)
        let bodies = server.requests.map { String(decoding: $0.body, as: UTF8.self) }
        let url = "data:image/png;base64," + Data(Self.png).base64EncodedString()
        #expect(bodies[0].contains(#"{"image_url":{"detail":"low","url":"\#(url)"},"type":"image_url"}"#))
        #expect(bodies[0].contains(#""content":[{"text":"#))
        #expect(!bodies[1].contains("image_url"))
        let sent = try server.requests.map { try JSONDecoder().decode(Sent.self, from: Data($0.body)) }
        #expect(sent[0].messages[0].images == [ChatMessage.ImagePart(url: url, detail: "low")])
        #expect(sent[1].messages[0].images == [])

        let blob = Self.context.images[0]
        #expect(proposed.calls.map(\.images) == [[SentImage(image: blob.ref, size: 12, detail: "low")]])
        #expect(!proposed.blobs.contains(blob), "the image is stored with the observation, not again per call")
    }

    @Test func visionIsSetInArborToml() throws {
        var configuration = ModelConfiguration()
        try configuration.apply(
            try TOMLDocument(
                parsing: "[model]\nvision = true\nimage_detail = \"high\"\n[model.vision]\njudge = false\n"))
        #expect(configuration.visionRoles == Set(ModelRole.allCases).subtracting([.judge]))
        #expect(configuration.imageDetail == "high")
        #expect(throws: ConfigurationError.self) {
            var bad = ModelConfiguration()
            try bad.apply(try TOMLDocument(parsing: "[model]\nimage_detail = \"max\"\n"))
        }
    }
}
