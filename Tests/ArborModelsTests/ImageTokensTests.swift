import ArborCore
import Foundation
import MockModelServer
import Testing

@testable import ArborModels

/// Images count in a prompt's estimated tokens by OpenAI's tile rule, their size read from the image's header.
@Suite struct ImageTokensTests {
    /// A PNG's signature and IHDR chunk: all the size reading needs.
    static func png(width: UInt32, height: UInt32) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
            + withUnsafeBytes(of: width.bigEndian, Array.init) + withUnsafeBytes(of: height.bigEndian, Array.init)
            + [8, 2, 0, 0, 0]
    }

    static func part(width: UInt32, height: UInt32, detail: String) throws -> ChatMessage.ImagePart {
        let blob = Blob(image: try #require(EncodedImage(bytes: png(width: width, height: height))))
        return try #require(ChatMessage.ImagePart(blob, detail: detail))
    }

    /// OpenAI's worked examples (1024×1024 high: 765; 2048×4096 high: 1105; 4096×8192 low: 85) and the sizes Arbor
    /// sends: MiniWoB++'s 800×457 screenshot, a 1280×720 page, images smaller than a tile, one pixel past a tile.
    @Test(arguments: [
        (1024, 1024, "high", 765), (2048, 4096, "high", 1105), (4096, 8192, "low", 85), (800, 457, "auto", 425),
        (800, 457, "high", 425), (800, 457, "low", 85), (1280, 720, "auto", 1105), (16, 9, "auto", 255),
        (512, 512, "high", 255), (513, 512, "high", 425), (3072, 6144, "high", 1105), (3000, 1000, "high", 1445),
        (768, 4000, "high", 765), (800, 457, "original", 425),
    ])
    func theTileRule(width: Int, height: Int, detail: String, tokens: Int) {
        #expect(ImageTokens.count(PixelSize(width: width, height: height), detail: detail) == tokens)
    }

    @Test func anImageOfUnknownSizeCountsTheBaseAlone() {
        #expect(ImageTokens.count(nil, detail: "high") == 85)
        #expect(ImageTokens.count(ChatMessage.ImagePart(url: "https://example.com/a.png", detail: "high")) == 85)
        #expect(ImageTokens.count(ChatMessage.ImagePart(url: "data:image/png;base64,@@@", detail: "auto")) == 85)
        #expect(ImageTokens.count(ChatMessage.ImagePart(url: "data:image/png,plain", detail: "auto")) == 85)
    }

    @Test func aMessageCountsItsTextAndEachImage() throws {
        let shot = try Self.part(width: 800, height: 457, detail: "auto")
        let small = try Self.part(width: 100, height: 100, detail: "low")
        #expect(ImageTokens.count(shot) == 425)
        // "Pick one." is 9 bytes: 3 tokens.
        #expect(TokenUsage.estimate(ChatMessage.user("Pick one.", images: [shot, small])) == 3 + 425 + 85)
        #expect(TokenUsage.estimate(ChatMessage.user("Pick one.")) == 3)
    }

    /// A server that reports no usage: the prompt's estimate includes the screenshot sent with it.
    @Test func anEstimatedPromptIncludesItsImages() async throws {
        let body = #"{"model":"vlm","choices":[{"index":0,"message":{"content":"click [4]"}}]}"#
        let server = try MockModelServer { _ in MockStep.response(status: 200, body: body) }
        let client = try MockReplies.client(server.baseURL)
        let request = ChatRequest(
            model: "vlm",
            messages: [.user("Click button ONE.", images: [try Self.part(width: 1280, height: 720, detail: "auto")])])
        let completion = try await client.complete(request)
        // 17 bytes of text: 5 tokens; the 1280×720 image: 6 tiles, 1105; "click [4]": 3.
        #expect(completion.usage == TokenUsage(prompt: 5 + 1105, completion: 3, estimated: true))
    }
}
