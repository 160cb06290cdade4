import ArborCore
import Foundation
import Testing

@testable import ArborEnvironments

/// One page of each site compared exactly with a text file in Golden/. Set ARBOR_RECORD_GOLDEN=1 to re-record
/// on purpose, then review the diff.
@Suite struct GoldenPageTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The page reached by the first `steps` steps of a task's reference solution.
    static func page(_ id: String, steps: Int) async throws -> String {
        let env = MiniWeb(seed: 2024)
        let task = try env.makeTask(id)
        var observation = try await env.reset(task.spec)
        for step in task.solution.prefix(steps) {
            observation = try await env.step(try #require(step.action(on: observation.text)))
        }
        return observation.text + "\n"
    }

    static func compare(_ text: String, with name: String) throws {
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["ARBOR_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(text == golden, "\(name) differs from the golden file; re-record with ARBOR_RECORD_GOLDEN=1")
    }

    @Test func classifiedsResultsPage() async throws {
        try Self.compare(
            try await Self.page("classifieds/cheapest-in-colour/0", steps: 1), with: "classifieds-results.txt")
    }

    @Test func shoppingProductPage() async throws {
        try Self.compare(try await Self.page("shopping/cart-size-colour/0", steps: 3), with: "shopping-product.txt")
    }

    @Test func forumPostPage() async throws {
        try Self.compare(try await Self.page("forum/upvote-top-comment/0", steps: 2), with: "forum-post.txt")
    }

    @Test func homePagesOfEachSite() async throws {
        let env = MiniWeb(seed: 2024)
        var homes = ""
        for id in ["classifieds/seller-of-item/0", "shopping/cart-total/0", "forum/post-count/0"] {
            homes += try await env.reset(try env.makeTask(id).spec).text + "\n\n"
        }
        try Self.compare(homes, with: "home-pages.txt")
    }
}
