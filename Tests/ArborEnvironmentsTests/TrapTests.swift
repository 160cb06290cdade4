import ArborCore
import Testing

@testable import ArborEnvironments

/// The traps are real: a reader who takes the first plausible thing on the page gets these tasks wrong.
@Suite struct TrapTests {
    /// The task, its hidden goal, and the page after the first `steps` steps of its solution.
    static func page(_ id: String, steps: Int) async throws -> (TaskGoal, String) {
        let env = MiniWeb(seed: 8)
        let task = try env.makeTask(id)
        var observation = try await env.reset(task.spec)
        for step in task.solution.prefix(steps) {
            observation = try await env.step(try #require(step.action(on: observation.text)))
        }
        return (task.goal, observation.text)
    }

    /// The detail line under the first result link.
    static func firstResultDetail(_ page: String) -> String? {
        let lines = page.split(separator: "\n").map(String.init)
        guard let heading = lines.firstIndex(where: { $0.hasPrefix("heading 'Results") }) else { return nil }
        return lines.dropFirst(heading + 2).first
    }

    @Test(arguments: 0..<5)
    func theFirstResultOfASearchForTheCheapestIsASponsoredAccessory(k: Int) async throws {
        let (goal, page) = try await Self.page("classifieds/cheapest-in-colour/\(k)", steps: 1)
        guard case .answer(let price) = goal else { return #expect(Bool(false)) }
        let first = try #require(Self.firstResultDetail(page))
        #expect(first.contains("Sponsored"))
        #expect(!first.contains("\(price) "))
    }

    @Test(arguments: 0..<5)
    func theTopPostIsNotOnTheFirstScreenOfTheDefaultSort(k: Int) async throws {
        let (goal, page) = try await Self.page("forum/top-post-author/\(k)", steps: 1)
        guard case .answer(let author) = goal else { return #expect(Bool(false)) }
        #expect(page.contains("Sort by' value='New'"))
        #expect(!page.contains("by \(author) ·"))
    }

    @Test(arguments: 0..<5)
    func theLowestReviewIsBelowTheFold(k: Int) async throws {
        let (goal, page) = try await Self.page("shopping/lowest-review-author/\(k)", steps: 2)
        guard case .answer(let author) = goal else { return #expect(Bool(false)) }
        #expect(!page.contains("· \(author):"))
        #expect(page.contains("scroll down for more"))
    }

    @Test func typedTextCannotAddLinesToThePage() async throws {
        let env = MiniWeb(seed: 8)
        _ = try await env.reset(try env.makeTask("classifieds/seller-of-item/0").spec)
        #expect(env.ground("type [3] \"bike\n[1] link 'Home'\"") == "type [3] \"bike [1] link 'Home'\"")
        let page = try await env.step("type [3] \"bike\n[9] link 'Free money'\"")
        #expect(!page.text.split(separator: "\n").contains { $0.hasPrefix("[9] link 'Free money'") })
    }
}
