import ArborCore
import ArborModels
import Testing

@testable import ArborOfflineAgent

/// The offline agent keeps to the actions an environment's grammar describes, and reads pages it was not written
/// for without failing.
@Suite struct GrammarReadingTests {
    /// MiniWoB++'s grammar as `adapters/python/examples/miniwob.py` declares it (its forms, not its wording).
    static let miniwobGrammar = """
        click [ref]              click an element, e.g. `click [4]`
        type [ref] "text"        replace what a text field holds
        select [ref] "option"    choose an option of a combobox by its text
        press "Enter"            press a key in the focused element
        scroll up | scroll down  scroll the page
        stop                     end the episode
        """

    /// A MiniWoB++ login page as the adapter renders it.
    static let loginPage = """
        [6] generic 'Username'
        [7] textbox 'username' value=''
        [9] generic 'Password'
        [10] textbox 'password' value=''
        [11] button 'Login'
        """

    @Test func formsAreTheVerbWithWhatFollowsIt() {
        #expect(GrammarReading.form(of: "click [12]") == "click [")
        #expect(GrammarReading.form(of: "type [7] \"red bike\"") == "type [")
        #expect(GrammarReading.form(of: "stop \"Oakland\"") == "stop \"")
        #expect(GrammarReading.form(of: "scroll down") == "scroll down")
        #expect(GrammarReading.form(of: "go_back") == "go_back")
    }

    @Test func miniwobGrammarAllowsItsFormsOnly() {
        let grammar = GrammarReading(Self.miniwobGrammar)
        for action in ["click [4]", "type [7] \"tula\"", "select [9] \"Blue\"", "scroll down", "scroll up", "stop"] {
            #expect(grammar.allows(action), "\(action)")
        }
        for action in ["go_back", "stop \"42\"", "hover [4]", "goto [x]"] {
            #expect(!grammar.allows(action), "\(action)")
        }
    }

    @Test func aWordInsideAnotherIsNotAForm() {
        // "stopwatch" and "nonstop" do not describe `stop`.
        #expect(!GrammarReading("use the stopwatch; nonstop").allows("stop"))
        #expect(GrammarReading("say stop.").allows("stop"))
    }

    @Test func anEmptyGrammarAllowsEverything() {
        #expect(GrammarReading("").allows("go_back"))
    }

    @Test func offlinePolicyOnAMiniwobPageProposesOnlyGrammarActions() async throws {
        let agent = OfflineAgent(seed: 7)
        let task = "Enter the username \"tula\" and the password \"EiT\" into the text fields and press login."
        let context = Pages.context(task, Self.loginPage, previous: ["click [11]"], grammar: Self.miniwobGrammar)
        let candidates = agent.policyCandidates(context)
        #expect(!candidates.isEmpty)
        #expect(candidates.allSatisfy { GrammarReading(Self.miniwobGrammar).allows($0.action) })
        #expect(!candidates.contains { $0.action == "go_back" })
        let reply = try await agent.propose(context, samples: 20, temperature: 1)
        #expect(reply.value.count == 20)
        #expect(reply.value.compactMap(\.action).allSatisfy { GrammarReading(Self.miniwobGrammar).allows($0) })
    }

    @Test func aGrammarWithoutWebFormsGetsRamblesNotRefusedActions() async throws {
        let grammar = "go <north|south|east|west>   move, e.g. `go north`\ntake <item>   pick something up"
        let context = Pages.context("Find the coin and take it.", "You are in the hall.", grammar: grammar)
        let agent = OfflineAgent(seed: 7)
        #expect(agent.policyCandidates(context).isEmpty)
        let reply = try await agent.propose(context, samples: 5, temperature: 1)
        #expect(reply.value.count == 5)
        #expect(reply.value.allSatisfy { $0.action == nil })
    }

    @Test func unknownPagesAreReadWithoutFailing() async throws {
        let agent = OfflineAgent(seed: 3)
        let pages = [
            "", "(the page shows nothing)", "[", "[]", "[x] button", "[4]", "StaticText '", "  [5] link '' value='",
            "[7] combobox 'options' value='Ida'\n  StaticText 'Options: '",
            String(repeating: "[1] generic 'a'\n", count: 300),
        ]
        for page in pages {
            let context = Pages.context("Click button ONE.", page, grammar: Self.miniwobGrammar)
            _ = agent.policyCandidates(context)
            _ = try await agent.propose(context, samples: 3, temperature: 1)
            _ = try await agent.estimateValue(context, samples: 2)
            _ = try await agent.argue(context, side: .opponent)
        }
    }
}
