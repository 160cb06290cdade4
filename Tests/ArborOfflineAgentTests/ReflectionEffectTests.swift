import ArborCore
import Testing

@testable import ArborModels
@testable import ArborOfflineAgent

@Suite struct ReflectionEffectTests {
    let agent = OfflineAgent(seed: 3)

    /// The lesson the reflector draws from opening the sponsored helmet on the bike task.
    func sponsoredLesson() async throws -> Reflection {
        let request = ReflectionRequest(
            kind: .policy, taskID: "classifieds/seller-of-item/1", task: Pages.sellerTask,
            observation: Pages.bikeResults, action: "click [6]", expectedValue: 0.7,
            nextObservation: Pages.helmetListing, nextValue: 0.1, episodeSucceeded: false)
        let reply = try await agent.reflect(request)
        let draft = reply.value
        #expect(
            draft.expected == "I expected clicking 'Red Trek mountain bike helmet' to show the value the task asks for")
        #expect(
            draft.lesson
                == "'Red Trek mountain bike helmet' was a sponsored result made to look like a match; skip sponsored rows and open a listing whose details line fits the task."
        )
        #expect(draft.hint == ReflectionHint(prefer: ["red"], avoid: ["sponsored"]))
        #expect(reply.calls.map(\.role) == [.reflector])
        return Reflection(
            kind: .policy, taskID: request.taskID, task: request.task, state: "Results for red bike",
            action: request.action, expected: draft.expected, happened: "a helmet from promo_gear",
            lesson: draft.lesson, hint: draft.hint, surprise: 0.6)
    }

    @Test func aLessonFromOneTaskChangesTheChoiceOnAnother() async throws {
        let lesson = try await sponsoredLesson()
        let without = agent.policyCandidates(Pages.context(Pages.shoeTask, Pages.shoeResults))
        let with = agent.policyCandidates(Pages.context(Pages.shoeTask, Pages.shoeResults, reflections: [lesson]))
        // Without it the sponsored row, whose title repeats every word of the task, wins.
        #expect(without.first?.action == "click [6]")
        #expect(with.first?.action == "click [7]")
        let demoted = try #require(with.first { $0.action == "click [6]" })
        #expect(demoted.reason.hasSuffix("; a lesson says to avoid 'sponsored'"))
        let before = try #require(without.first { $0.action == "click [6]" })
        // "sponsored" is the agent's own mark for such rows, a general term: it steers harder than an item's word.
        #expect(demoted.score == before.score - ReflectionInfluence.generalAvoidPenalty)
    }

    @Test func theLessonShiftsSampledActions() async throws {
        let lesson = try await sponsoredLesson()
        let without = try await agent.propose(
            Pages.context(Pages.shoeTask, Pages.shoeResults), samples: 40, temperature: 1)
        let with = try await agent.propose(
            Pages.context(Pages.shoeTask, Pages.shoeResults, reflections: [lesson]), samples: 40, temperature: 1)
        let sponsoredWithout = without.value.filter { $0.action == "click [6]" }.count
        let sponsoredWith = with.value.filter { $0.action == "click [6]" }.count
        #expect(sponsoredWith < sponsoredWithout)
        #expect(with.blobs.contains { $0.text?.contains(lesson.lesson) == true })
    }

    @Test func aValueLessonShiftsTheValueOfMatchingStates() async throws {
        let request = ReflectionRequest(
            kind: .value, taskID: "classifieds/seller-of-item/1", task: Pages.sellerTask,
            observation: Pages.bikeResults, action: "click [6]", expectedValue: 0.7,
            nextObservation: Pages.helmetListing, nextValue: 0.1, episodeSucceeded: false)
        let draft = try await agent.reflect(request).value
        #expect(draft.hint.valueShift == -0.3)
        // It names the evidence it under-weighed, without the particulars (the helmet, the bike).
        #expect(draft.hint.avoid == ["title task name"])
        let lesson = Reflection(
            kind: .value, taskID: request.taskID, task: request.task, state: "helmet", action: request.action,
            expected: draft.expected, happened: "", lesson: draft.lesson, hint: draft.hint, surprise: 0.6)
        // Another task on a page with the same evidence (a title that adds words to the item) is valued lower…
        let locationTask = "Where is the Red Trek mountain bike located?"
        let near = ProgressEvidence(
            task: TaskReading(locationTask), page: WebPage(Pages.helmetListing), previousActions: ["click [6]"])
        let (shift, used) = near.shift(from: [lesson])
        #expect(shift == -0.3)
        #expect(used == [lesson])
        let reply = try await agent.estimateValue(
            Pages.context(locationTask, Pages.helmetListing, previous: ["click [6]"], reflections: [lesson]), samples: 2
        )
        #expect(reply.value[0].text.contains("A lesson from a similar state: \(lesson.lesson)"))
        // …a page without it is not.
        let shoe = ProgressEvidence(
            task: TaskReading(Pages.shoeTask), page: WebPage(Pages.shoeResults), previousActions: [])
        #expect(shoe.shift(from: [lesson]).used.isEmpty)
    }

    /// A policy lesson's item words ("red") are preferred only on tasks that name them; its general terms carry over.
    @Test func aLessonGeneralisesThroughItsGeneralTerms() async throws {
        let lesson = try await sponsoredLesson()
        let candidates = [
            ActionCandidate(action: "click [1]", subject: "Red kettle", score: 1, reason: "r", line: "l"),
            ActionCandidate(action: "click [2]", subject: "Sponsored kettle", score: 1, reason: "r", line: "l"),
        ]
        let other = ReflectionInfluence.apply([lesson], to: candidates, task: "What is the price of the blue kettle?")
        #expect(other.map(\.score) == [1, 1 - ReflectionInfluence.generalAvoidPenalty])
        let same = ReflectionInfluence.apply([lesson], to: candidates, task: "Who sells the red kettle?")
        #expect(
            same.map(\.score) == [1 + ReflectionInfluence.preferBonus, 1 - ReflectionInfluence.generalAvoidPenalty])
    }
}

@Suite struct OfflineDeterminismTests {
    /// Every role, asked in one order by one agent and in another order, concurrently, by a second one.
    @Test func outputsDependOnInputsAlone() async throws {
        let contexts = [
            Pages.context(Pages.sellerTask, Pages.bikeResults, episode: 1, node: NodeID(2)),
            Pages.context(Pages.shoeTask, Pages.shoeResults, episode: 2, node: NodeID(9), attempt: 4),
            Pages.context(Pages.sellerTask, Pages.bikeListing, previous: ["click [8]"], episode: 1, node: NodeID(3)),
        ]
        func transcript(_ agent: OfflineAgent, _ context: AgentContext) async throws -> [String] {
            async let policy = agent.propose(context, samples: 8, temperature: 1)
            async let value = agent.estimateValue(context, samples: 4)
            async let pro = agent.argue(context, side: .supporter)
            async let con = agent.argue(context, side: .opponent)
            let (p, v, s, o) = try await (policy, value, pro, con)
            let verdicts = try await agent.judge(
                context, first: s.value, second: o.value, supporterFirst: false, samples: 3)
            return p.value.map(\.raw) + v.value.map(\.text) + [s.value, o.value] + verdicts.value.map(\.text)
                + (p.blobs + v.blobs + verdicts.blobs).map(\.ref.rawValue)
        }
        var inOrder: [[String]] = []
        for context in contexts { inOrder.append(try await transcript(OfflineAgent(seed: 99), context)) }
        let reversed = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for (index, context) in contexts.enumerated().reversed() {
                group.addTask { (index, try await transcript(OfflineAgent(seed: 99), context)) }
            }
            var out = Array(repeating: [String](), count: contexts.count)
            for try await (index, texts) in group { out[index] = texts }
            return out
        }
        #expect(inOrder == reversed)
        let otherSeed = try await transcript(OfflineAgent(seed: 100), contexts[0])
        #expect(otherSeed != inOrder[0])
    }
}
