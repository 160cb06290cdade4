import ArborCore
import ArborExport
import Foundation
import Testing

/// Screenshots in exports: OpenAI content parts in sft, links per step in trajectories, image links in markdown.
@Suite struct ImageExportTests {
    static let screenshot: EncodedImage = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/screenshot.png").standardized
        return EncodedImage(bytes: [UInt8](try! Data(contentsOf: url)))!
    }()
    static let hash = SHA256.hex(bytes: screenshot.bytes)

    func run() throws -> RunRecording {
        let sink = TrainingExportTests.log(screenshot: Self.screenshot)
        return try RunRecording(
            run: 1, records: sink.records, image: { sink.image($0) }, text: { sink.text($0) })
    }

    @Test func sftCarriesEachStepsScreenshotAsAnInlineContentPart() throws {
        let text = try ExportFormat.sft.render(try run())
        try expectGoldenText(text, "sft-images-inline.jsonl")
        let chats = try decodeLines(Conversation.self, text)
        let url = "data:image/png;base64," + Data(Self.screenshot.bytes).base64EncodedString()
        #expect(chats.map(\.messages[0].images) == Array(repeating: [url], count: 3))
        #expect(chats.map(\.messages[1].images) == Array(repeating: [], count: 3))
        #expect(text.contains(#""content":[{"text":"POLICY PROMPT at #0","type":"text"},{"image_url":{"url":"#))
    }

    @Test func trajectoriesLinkFilesBesideTheExport() throws {
        let options = ExportOptions(images: .files, imageFolder: "run.jsonl.images")
        let text = try ExportFormat.trajectories.render(try run(), options: options)
        try expectGoldenText(text, "trajectories-images-files.jsonl")
        let trajectory = try #require(try decodeLines(Trajectory.self, text).first)
        let file = "run.jsonl.images/\(Self.hash).png"
        #expect(trajectory.steps.map(\.images) == [[file], [file], [file]])
        #expect(trajectory.finalImages == [file])
        #expect(try run().committedImages(run().state.orderedEpisodes).map(\.image.rawValue) == [Self.hash])
    }

    @Test func markdownLinksThePrincipalVariationsScreenshots() throws {
        let text = try ExportFormat.markdown.render(
            try run(), options: ExportOptions(images: .files, imageFolder: "report.md.images"))
        try expectGoldenText(text, "markdown-images-files.md")
        #expect(text.contains("- node 3: ![node 3](report.md.images/\(Self.hash).png)"))
    }

    @Test func noneAndTextOnlyRunsExportAsBefore() throws {
        let plain = try recording(TrainingExportTests.log())
        for format in [ExportFormat.sft, .trajectories, .markdown] {
            #expect(
                try format.render(try run(), options: ExportOptions(images: .none)) == (try format.render(plain)))
        }
    }
}
