import ArborCore
import Testing

@testable import ArborModels
@testable import ArborOfflineAgent

@Suite struct OfflinePolicyTests {
    let agent = OfflineAgent(seed: 7)

    @Test func topActionOpensTheListingTheTaskNames() {
        let candidates = agent.policyCandidates(Pages.context(Pages.sellerTask, Pages.bikeResults))
        #expect(candidates.first?.action == "click [8]")
        // The sponsored near miss is the runner-up: the trap the search has to get out of.
        #expect(candidates.dropFirst().first?.action == "click [6]")
    }

    @Test func greedySamplesTakeTheTopActionThroughTheParser() async throws {
        let reply = try await agent.propose(
            Pages.context(Pages.sellerTask, Pages.bikeResults), samples: 5, temperature: 0.01)
        #expect(reply.value.map(\.action) == Array(repeating: "click [8]", count: 5))
        #expect(reply.value[0].raw.contains("In summary, the next action I will perform is ```click [8]```"))
    }

    @Test func sameSeedSameSamples() async throws {
        let context = Pages.context(Pages.sellerTask, Pages.bikeResults)
        let a = try await OfflineAgent(seed: 7).propose(context, samples: 20, temperature: 1)
        let b = try await OfflineAgent(seed: 7).propose(context, samples: 20, temperature: 1)
        #expect(a.value == b.value)
        #expect(a.blobs == b.blobs)
        #expect(Set(a.value.compactMap(\.action)).count > 1)
    }

    @Test func anotherAttemptDrawsFreshNoise() async throws {
        let first = try await agent.propose(
            Pages.context(Pages.sellerTask, Pages.bikeResults), samples: 20, temperature: 1)
        let second = try await agent.propose(
            Pages.context(Pages.sellerTask, Pages.bikeResults, attempt: 1), samples: 20, temperature: 1)
        #expect(first.value.map(\.action) != second.value.map(\.action))
    }

    @Test func searchBoxGetsTheTaskKeyTerms() {
        let candidates = agent.policyCandidates(Pages.context(Pages.sellerTask, Pages.forumHome))
        #expect(candidates.contains { $0.action == "type [2] \"red trek mountain bike\"" })
    }

    @Test func answerTaskStopsWithTheValueBesideTheNamedItem() {
        let candidates = agent.policyCandidates(
            Pages.context(Pages.sellerTask, Pages.bikeListing, previous: ["click [8]"]))
        #expect(candidates.first?.action == "stop \"trailrider\"")
    }

    @Test func ramblesAreUnparseableAndCounted() async throws {
        let reply = try await OfflineAgent(seed: 7, rambleRate: 1).propose(
            Pages.context(Pages.sellerTask, Pages.bikeResults), samples: 3, temperature: 1)
        #expect(reply.value.map(\.action) == [nil, nil, nil])
        #expect(reply.value.allSatisfy { ActionParser().parse($0.raw).reason != nil })
    }

    @Test func repeatingTheLastActionIsPenalised() {
        let fresh = agent.policyCandidates(Pages.context(Pages.sellerTask, Pages.bikeResults))
        let repeated = agent.policyCandidates(
            Pages.context(Pages.sellerTask, Pages.bikeResults, previous: ["click [8]", "go_back", "click [8]"]))
        let before = fresh.first { $0.action == "click [8]" }?.score ?? 0
        let after = repeated.first { $0.action == "click [8]" }?.score ?? 0
        #expect(after == before - 3)
    }

    @Test func everyCallIsRecordedWithItsTexts() async throws {
        let context = Pages.context(Pages.sellerTask, Pages.bikeResults, episode: 3, node: NodeID(5))
        let reply = try await agent.propose(context, samples: 2, temperature: 1)
        #expect(reply.calls.count == 1)
        let call = try #require(reply.calls.first)
        #expect(call.role == .policy)
        #expect(call.model == "offline")
        #expect(call.episode == 3)
        #expect(call.node == NodeID(5))
        let prompt = try #require(reply.blobs.first { $0.ref == call.prompt }?.text)
        let completion = try #require(reply.blobs.first { $0.ref == call.completion }?.text)
        #expect(prompt.hasPrefix("You are an autonomous agent"))
        #expect(prompt.contains(Pages.sellerTask))
        #expect(call.tokensIn == (prompt.count + 3) / 4)
        #expect(call.tokensOut == (completion.count + 3) / 4)
    }
}

@Suite struct OfflineValueTests {
    let agent = OfflineAgent(seed: 11)

    func mean(_ judgements: [ValueJudgement]) -> Double {
        judgements.map(\.value).reduce(0, +) / Double(judgements.count)
    }

    /// The judge votes the letter its prompt describes for its estimate of progress: E below 0.2, D below 0.45 (more
    /// to do, off the best course), C below 0.8 (on track), B below 0.925 (one action away), A above.
    @Test func theJudgeVotesTheLetterItsPromptDescribes() {
        let estimates = [0.0, 0.19, 0.21, 0.44, 0.45, 0.6, 0.79, 0.81, 0.92, 0.93, 1.2]
        #expect(estimates.map(OfflineAgent.letter) == [.e, .e, .d, .d, .c, .c, .c, .b, .b, .a, .a])
    }

    /// The judge weighs the points the arguments cite: with no argument it is left with its prior, whatever the page.
    @Test func theJudgeWeighsWhatTheDebatersCite() async throws {
        let context = Pages.context(
            Pages.sellerTask, Pages.bikeListing, previous: ["type [3] \"red bike\"", "click [8]"])
        let supporter = try await agent.argue(context, side: .supporter).value
        let opponent = try await agent.argue(context, side: .opponent).value
        #expect(supporter.contains("\n- The page is about what the task names: heading"))
        let argued = try await agent.judge(
            context, first: supporter, second: opponent, supporterFirst: true, samples: 6)
        let silent = try await agent.judge(context, first: "", second: "", supporterFirst: true, samples: 6)
        let values = { (reply: AgentReply<[JudgeSample]>) in reply.value.compactMap { $0.vote?.debateValue } }
        #expect(values(argued).reduce(0, +) > values(silent).reduce(0, +) + 3)
    }

    @Test func aPageShowingTheAnswerScoresHigherThanAnUnrelatedOne() async throws {
        let answer = try await agent.estimateValue(
            Pages.context(Pages.sellerTask, Pages.bikeListing, previous: ["type [3] \"red bike\"", "click [8]"]),
            samples: 20)
        let unrelated = try await agent.estimateValue(
            Pages.context(Pages.sellerTask, Pages.forumHome, previous: ["click [1]"]), samples: 20)
        #expect(mean(answer.value) > mean(unrelated.value) + 0.3)
        #expect(answer.value.allSatisfy { (0...1).contains($0.value) })
        #expect(answer.value.allSatisfy { StatusCode.allCases.map(\.singleValue).contains($0.value) })
        #expect(answer.value[0].text.contains("\nSTATUS CODE: "))
    }

    @Test func theNearMissScoresLowerThanTheRealListing() async throws {
        let real = ProgressEvidence(
            task: TaskReading(Pages.sellerTask), page: WebPage(Pages.bikeListing), previousActions: ["click [8]"])
        let nearMiss = ProgressEvidence(
            task: TaskReading(Pages.sellerTask), page: WebPage(Pages.helmetListing), previousActions: ["click [6]"])
        #expect(real.value > nearMiss.value)
    }

    @Test func judgeVotesAreLettersAndMapToTheirValues() async throws {
        let context = Pages.context(Pages.sellerTask, Pages.bikeListing, previous: ["click [8]"])
        let pro = try await agent.argue(context, side: .supporter)
        let con = try await agent.argue(context, side: .opponent)
        #expect(pro.value.hasPrefix("The agent is on track"))
        #expect(pro.value.contains("Seller: trailrider"))
        #expect(con.calls.first?.role == .opponent)
        let reply = try await agent.judge(
            context, first: pro.value, second: con.value, supporterFirst: true, samples: 6)
        #expect(reply.value.count == 6)
        for sample in reply.value {
            let vote = try #require(sample.vote)
            #expect(sample.text.hasSuffix("STATUS CODE: \(vote.rawValue)"))
        }
    }

    @Test func judgesLeanTowardTheArgumentReadFirst() async throws {
        let context = Pages.context(Pages.sellerTask, Pages.bikeResults)
        let pro = "The agent is on track.\n- A point"
        let con = "The agent is not on track.\n- A point"
        let supporterFirst = try await agent.judge(context, first: pro, second: con, supporterFirst: true, samples: 40)
        let opponentFirst = try await agent.judge(context, first: con, second: pro, supporterFirst: false, samples: 40)
        func mean(_ samples: [JudgeSample]) -> Double {
            samples.compactMap(\.vote?.debateValue).reduce(0, +) / Double(samples.count)
        }
        #expect(mean(supporterFirst.value) > mean(opponentFirst.value))
    }
}
