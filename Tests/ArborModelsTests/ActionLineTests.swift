import ArborCore
import MockModelServer
import Testing

@testable import ArborModels

/// An environment with its own grammar gets the action line the prompt asked for, not a web action.
@Suite("Action line")
struct ActionLineTests {
    let line = ActionLine(verbs: ["go", "take", "unlock"])

    @Test(arguments: [
        ("I should explore.\nIn summary, the next action I will perform is ```go north```", "go north"),
        ("In summary, the next action I will perform is ```\ntake key\n```", "take key"),
        ("Thinking…\n**Action:** `unlock door`", "unlock door"),
        ("go west", "go west"),
        ("The garden is north, so I will go there.\ngo north\nThat should help.", "go north"),
        ("the next action I will perform is look", "look"),
    ])
    func readsTheActionLine(text: String, action: String) {
        #expect(line.parse(text) == .parsed(action))
    }

    @Test func proseWithoutAnActionLineIsUnparseableWithAReason() {
        let prose = "I am in a hall.\nThere are exits to the north and the east, and I wonder which is best."
        #expect(
            line.parse(prose)
                == .unparseable(
                    reason:
                        "no action line: expected the action in a ``` fence after \"the next action I will perform "
                        + "is\", or a line starting with one of go, take, unlock"))
        #expect(line.parse("  \n") == .unparseable(reason: "the output is empty"))
    }

    /// MiniWeb's parser would find no action in `go north`; the environment's syntax takes it as the action.
    @Test func theAgentReadsAnEnvironmentsOwnActions() async throws {
        let server = try MockModelServer { _ in
            MockStep.response(
                status: 200,
                body: MockReplies.chat([
                    "The exit north leads on.\nIn summary, the next action I will perform is ```go north```",
                    "I am not sure where to go.\nThe hall has many doors, and any of them might be right.", "take key",
                ]))
        }
        var configuration = ModelConfiguration(baseURL: server.baseURL, model: "mock-1")
        configuration.retry = RetryPolicy(maxAttempts: 1)
        let agent = OpenAIAgent(client: try OpenAIClient(configuration: configuration, environment: { _ in nil }))
        var context = OpenAIAgentTests.context
        context.actionSyntax = .environment(verbs: [], patterns: [])
        let reply = try await agent.propose(context, samples: 3, temperature: 1)
        #expect(reply.value.map(\.action) == ["go north", nil, "take key"])
        #expect(reply.value[1].problem?.hasPrefix("no action line") == true)
        context.actionSyntax = .web
        let web = try await agent.propose(context, samples: 3, temperature: 1)
        #expect(web.value[0].action == nil)
    }
}
