import ArborCore
import Testing

@testable import ArborModels
@testable import ArborOfflineAgent

/// What a lesson reaches: its general terms every task, an item's words only related tasks, and nothing through
/// words every page has ("back", "now"); and the unsorted-answer lesson, which must spare an item's own page.
@Suite struct LessonScopeTests {
    let agent = OfflineAgent(seed: 3)
    static let cheapestTask = "What is the price of the cheapest Trek mountain bike on Classifieds?"

    private func lesson(_ kind: ReflectionKind = .policy, task: String, hint: ReflectionHint) -> Reflection {
        Reflection(
            kind: kind, taskID: "t", task: task, state: "s", action: "a", expected: "e", happened: "h", lesson: "l",
            hint: hint, surprise: 0.6)
    }

    private func draft(_ kind: ReflectionKind = .policy, task: String, page: String, action: String, next: String)
        async throws -> ReflectionDraft
    {
        let request = ReflectionRequest(
            kind: kind, taskID: "t", task: task, observation: page, action: action, expectedValue: 0.7,
            nextObservation: next, nextValue: 0, episodeSucceeded: false)
        return try await agent.reflect(request).value
    }

    @Test func unhelpfulStepsOnSiteControlsAvoidNoWords() async throws {
        let back = try await draft(
            task: Pages.sellerTask, page: Pages.bikeListing, action: "go_back", next: Pages.bikeResults)
        #expect(back.lesson == "Taking 'go_back' did not move the task forward; try a different element on such pages.")
        #expect(back.hint.avoid == [])
        let button = try await draft(
            task: Pages.sellerTask, page: Pages.bikeListing, action: "click [5]", next: Pages.bikeListing)
        #expect(button.lesson.hasPrefix("Clicking 'Add to favourites' did not move the task forward"))
        #expect(button.hint.avoid == [])
        // An item's link is avoided by its own words.
        let link = try await draft(
            task: "Upvote the top post in Cooking.", page: Pages.forumHome, action: "click [6]", next: Pages.forumHome)
        #expect(link.hint.avoid == ["gardening", "5"])
    }

    @Test func itemWordsReachOnlyTasksThatShareAnItemWord() {
        let fromBikes = lesson(task: Pages.sellerTask, hint: ReflectionHint(avoid: ["helmet", "unasked", "grey"]))
        let candidates = [
            ActionCandidate(action: "click [1]", subject: "Trek bike helmet", score: 1, reason: "r", line: "l"),
            ActionCandidate(
                action: "select [2] \"Used\"", subject: "Condition Used unasked", score: 1, reason: "r", line: "l"),
            ActionCandidate(action: "click [3]", subject: "Grey sofa", score: 1, reason: "r", line: "l"),
        ]
        let general = ReflectionInfluence.generalAvoidPenalty
        let related = ReflectionInfluence.apply([fromBikes], to: candidates, task: "Where is the Trek road bike?")
        #expect(related.map(\.score) == [1 - ReflectionInfluence.avoidPenalty, 1 - general, 1])
        let unrelated = ReflectionInfluence.apply([fromBikes], to: candidates, task: "Where is the white sofa?")
        #expect(unrelated.map(\.score) == [1, 1 - general, 1 - ReflectionInfluence.avoidPenalty])
        #expect(unrelated[2].reason == "r; a lesson says to avoid 'grey'")
    }

    @Test func preferNeverRaisesAnUnaskedOption() {
        let sortLesson = lesson(task: "What is the price of the cheapest sofa?", hint: ReflectionHint(prefer: ["sort"]))
        let candidates = [
            ActionCandidate(
                action: "select [5] \"Price: low to high\"", subject: "Sort by Price: low to high", score: 1.2,
                reason: "r", line: "l"),
            ActionCandidate(
                action: "select [5] \"Newest\"", subject: "Sort by Newest unasked", score: -1, reason: "r", line: "l"),
        ]
        let moved = ReflectionInfluence.apply([sortLesson], to: candidates, task: Self.cheapestTask)
        #expect(moved.map(\.score) == [1.2 + ReflectionInfluence.preferBonus, -1])
    }

    @Test func onlyAnswersOffListRowsAreMarkedUnsorted() {
        let onList = agent.policyCandidates(Pages.context(Self.cheapestTask, Pages.bikeResults))
            .filter { $0.action.hasPrefix("stop") }
        #expect(
            onList.map(\.subject) == [
                "answer $45 Red Trek mountain bike helmet  · Sponsored · $45 · new · Oakland · red unsorted"
            ])
        let onItem = agent.policyCandidates(
            Pages.context(Self.cheapestTask, Pages.bikeListing, previous: ["click [8]"])
        )
        .filter { $0.action.hasPrefix("stop") }
        #expect(onItem.map(\.subject) == ["answer $120 StaticText 'Price: $120'"])
    }

    @Test func anUnsortedAnswerTeachesTheValueToDoubtSuchAnswers() async throws {
        let value = try await draft(
            .value, task: Self.cheapestTask, page: Pages.bikeResults, action: "stop \"$120\"", next: Pages.bikeResults)
        #expect(value.hint == ReflectionHint(avoid: ["unsorted"], valueShift: -0.35))
        let learned = lesson(.value, task: Self.cheapestTask, hint: value.hint)
        // Another superlative answered off the same unsorted list is doubted…
        let other = "What is the price of the most expensive Trek mountain bike?"
        let answered = ProgressEvidence(
            task: TaskReading(other), page: WebPage(Pages.bikeResults), previousActions: ["stop \"$150\""])
        #expect(
            answered.points.map(\.claim) == [
                "the page does not name the task's item", "a sponsored row imitates the item; it is not a real match",
                "the list is not sorted for this question", "the answer $150 is shown for the task's item",
                "the answer was read from a list in an unsorted order",
            ])
        #expect(answered.shift(from: [learned]).shift == -0.35)
        // …an answer read on an item's own page is not.
        let onItem = ProgressEvidence(
            task: TaskReading(other), page: WebPage(Pages.bikeListing), previousActions: ["stop \"$120\""])
        #expect(onItem.shift(from: [learned]).used == [])
    }
}
