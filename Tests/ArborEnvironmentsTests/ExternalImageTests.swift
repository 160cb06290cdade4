import ArborCore
import ArborEnvironments
import Foundation
import Testing

/// An external environment's image paths become images read once, under a size limit; the rest is reported and the
/// observation's text is kept.
@Suite struct ExternalImageTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures").standardized
    static let script = fixtures.appendingPathComponent("image_env.py").path

    @Test func imagesAreReadAndProblemsNamed() async throws {
        let scratch = try ExternalFixtures()
        defer { scratch.remove() }
        let png = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("screenshot.png")))
        let shot = scratch.directory + "/shot.png"
        let large = scratch.directory + "/large.png"
        let page = scratch.directory + "/page.html"
        let missing = scratch.directory + "/missing.png"
        try Data(png).write(to: URL(fileURLWithPath: shot))
        try Data(png + [UInt8](repeating: 0, count: 200)).write(to: URL(fileURLWithPath: large))
        try Data("<html></html>".utf8).write(to: URL(fileURLWithPath: page))
        var configuration = try scratch.configuration(["python3", Self.script, shot, large, page, missing, shot])
        configuration.imageLimit = 300
        let environment = try await ExternalEnvironment.start(configuration)
        #expect(environment.imagesAsPaths)

        let first = try await environment.reset(TaskSpec(id: "room/1", intent: "Walk through the rooms."))
        #expect(first.text == "Room 0\n[1] link 'Next room'")
        let image = try #require(EncodedImage(bytes: png))
        #expect(first.images == [image, image])
        #expect(
            first.imageProblems.map(\.description) == [
                "the image \(large) (353 bytes) is larger than the 300-byte limit and was not stored; "
                    + "raise --image-limit or make the environment save smaller screenshots",
                "\(page) is not a PNG, JPEG, GIF or WebP image and was not stored; the observation's text was kept",
                "the image \(missing) could not be read (no such file, or no permission to see it) and was not "
                    + "stored; the observation's text was kept",
            ])
        #expect(first.imageProblems.map(\.source) == [.limit, .environment, .environment])

        let next = try await environment.step("click [1]")
        #expect(next.text == "Room 1\n[1] link 'Next room'")
        #expect(next.images == [image, image])
        await environment.close()
    }
}
