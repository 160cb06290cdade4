import ArborCore
import Foundation
import Testing

@testable import ArborEnvironments

@Suite struct MiniWebBehaviourTests {
    static func start(_ id: String, seed: UInt64 = 3) async throws -> (MiniWeb, Observation) {
        let env = MiniWeb(seed: seed)
        let task = try env.makeTask(id)
        return (env, try await env.reset(task.spec))
    }

    @Test func groundAcceptsMessyFormsAndRejectsBadOnes() async throws {
        let (env, _) = try await Self.start("classifieds/cheapest-in-colour/0")
        #expect(env.ground("Click [1]") == "click [1]")
        #expect(env.ground("click 2") == "click [2]")
        #expect(env.ground("  CLICK [ 4 ]  ") == "click [4]")
        #expect(env.ground("type [3] 'red bike'") == "type [3] \"red bike\"")
        #expect(env.ground("Type [3] “red bike”") == "type [3] \"red bike\"")
        #expect(env.ground("type [3] red bike") == "type [3] \"red bike\"")
        #expect(env.ground("stop [$120]") == "stop \"$120\"")
        #expect(env.ground("Stop") == "stop")
        #expect(env.ground("stop \"milofox42\"") == "stop \"milofox42\"")
        #expect(env.ground("click [99]") == nil)
        #expect(env.ground("click [0]") == nil)
        #expect(env.ground("type [1] \"x\"") == nil)  // a link is not a textbox
        #expect(env.ground("click [3] please") == nil)
        #expect(env.ground("jump [3]") == nil)
        #expect(env.ground("go_back") == nil)  // first page
        #expect(env.ground("scroll up") == nil)
        #expect(env.ground("") == nil)

        _ = try await env.step("type [3] \"bike\"")
        #expect(env.ground("go back") == "go_back")
        #expect(env.ground("select [5] 'price: LOW to high'") == "select [5] \"Price: low to high\"")
        #expect(env.ground("select [5] \"cheapest\"") == nil)
        #expect(env.ground("Scroll Down") == "scroll down")
    }

    static func state(_ snapshot: EnvironmentSnapshot) throws -> BrowserState {
        try #require(snapshot.token as? MiniWebSnapshot).state
    }

    @Test func invalidActionsThrowAndChangeNothing() async throws {
        let (env, start) = try await Self.start("shopping/checkout/1")
        let before = try Self.state(try await env.snapshot())
        for bad in ["click [42]", "fly away", "type [1] \"x\"", "scroll up", "go_back", "select [1] \"Any\""] {
            await #expect(throws: EnvironmentError.self) { try await env.step(bad) }
        }
        #expect(try Self.state(try await env.snapshot()) == before)
        #expect(env.currentObservation == start)

        _ = try await env.step("stop")
        await #expect(throws: EnvironmentError.self) { try await env.step("click [1]") }
        #expect(env.ground("click [1]") == nil)
    }

    @Test func snapshotRestoreAndReplayGiveIdenticalPages() async throws {
        let id = "forum/upvote-top-comment/2"
        let (env, first) = try await Self.start(id)
        let task = try env.makeTask(id)
        var actions: [String] = []
        var observation = first
        for step in task.solution.prefix(3) {
            let action = try #require(step.action(on: observation.text))
            actions.append(action)
            observation = try await env.step(action)
        }
        let saved = try await env.snapshot()
        let upvote = try #require(task.solution[3].action(on: observation.text))
        let changed = try await env.step(upvote)
        #expect(changed.text != observation.text)
        _ = try await env.step("scroll up")

        try await env.restore(saved)
        #expect(env.currentObservation == observation)
        #expect(try await env.step(upvote) == changed)

        // Reset and replay reaches the same page as the restore did.
        var replayed = try await env.reset(task.spec)
        for action in actions { replayed = try await env.step(action) }
        #expect(replayed == observation)

        // A snapshot restores into a fresh environment of the same seed.
        let other = MiniWeb(seed: 3)
        try await other.restore(saved)
        #expect(other.currentObservation == observation)
        await #expect(throws: EnvironmentError.self) { try await other.restore(EnvironmentSnapshot(42)) }
    }

    @Test func theSameSeedGivesTheSameTasksAndPages() async throws {
        let a = MiniWeb(seed: 5)
        let b = MiniWeb(seed: 5)
        let train = try await a.tasks(.train)
        let test = try await a.tasks(.test)
        #expect(train == (try await b.tasks(.train)))
        #expect(test == (try await b.tasks(.test)))
        #expect(train.count == 41 * 5)
        #expect(test.count == 41 * 3)
        #expect(Set(train.map(\.id)).isDisjoint(with: test.map(\.id)))
        #expect(Set(train.map(\.id)).count == train.count)
        for task in [train[0], train[77], test[40]] {
            #expect(try await a.reset(task) == (try await b.reset(task)))
        }
        let c = MiniWeb(seed: 6)
        let differ = try await c.tasks(.train)
        #expect(differ.map(\.id) == train.map(\.id))
        #expect(differ.map(\.intent) != train.map(\.intent))
    }

    @Test func oneSiteEnvironmentsServeOnlyTheirTasks() async throws {
        let shop = MiniWeb(seed: 1, sites: [.shopping])
        #expect(shop.name == "miniweb:shopping")
        let tasks = try await shop.tasks(.test)
        #expect(tasks.count == 14 * 3)
        #expect(tasks.allSatisfy { $0.id.hasPrefix("shopping/") })
        await #expect(throws: EnvironmentError.unknownTask("forum/post-count/0")) {
            try await shop.reset(TaskSpec(id: "forum/post-count/0", intent: ""))
        }
        await #expect(throws: EnvironmentError.unknownTask("shopping/nope/0")) {
            try await shop.reset(TaskSpec(id: "shopping/nope/0", intent: ""))
        }
    }

    @Test func sortsFiltersAndScrollingChangeTheWindow() async throws {
        let (env, _) = try await Self.start("classifieds/count-in-location/0")
        let task = try env.makeTask("classifieds/count-in-location/0")
        guard case .answer(let count) = task.goal, let n = Int(count) else {
            Issue.record("count task without a count")
            return
        }
        let category = try #require(task.solution.first.flatMap { if case .click(let n) = $0 { n } else { nil } })
        _ = try await env.step(try #require(ScriptStep.click(category).action(on: env.currentObservation.text)))
        let location = try #require(task.solution[1].action(on: env.currentObservation.text))
        let filtered = try await env.step(location)
        #expect(filtered.text.contains("StaticText 'Showing 1–5 of \(n) · scroll down for more'"))
        let next = try await env.step("scroll down")
        #expect(next.text.contains("StaticText 'Showing 6–\(min(10, n)) of \(n) · scroll up for previous"))
        let back = try await env.step("go_back")
        #expect(back.text.contains("Location' value='Any'") || back.text.contains("combobox 'Location' value='Any'"))
    }
}
