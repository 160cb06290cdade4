import ArborCore
import ArborEnvironments
import ArborModels
import ArborSearch
import Foundation
import MockModelServer
import Testing

/// The adapter's text adventure searched with a model behind the OpenAI-compatible client: a scripted model on the
/// mock server answers in the prompt's format (`go north`, not a web action), the environment's own grammar and
/// words reach the search, and the game is won.
@Suite("A text game played by a scripted model")
struct TextGameModelTests {
    static let placeholderTasks = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/placeholder_tasks.py").standardized.path

    /// What the prompt says about the game, read from its last description of a room.
    struct Room {
        var name = ""
        var exits: [String] = []
        var locked = false
        var seen: [String] = []
        var carried: [String] = []
        var goal = ""
        var won = false

        init(_ text: String) {
            func last(_ prefix: String) -> String {
                let line = text.split(whereSeparator: \.isNewline).last { $0.hasPrefix(prefix) } ?? ""
                return String(line.dropFirst(prefix.count)).trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            }
            func items(_ prefix: String) -> [String] {
                last(prefix).components(separatedBy: ", ").filter { !$0.isEmpty && $0 != "nothing" }
            }
            name = last("You are in the ").split(separator: ".").first.map(String.init) ?? ""
            let exitText = last("Exits: ")
            locked = exitText.contains("locked")
            // A locked exit is no way on until the door is unlocked.
            exits = exitText.components(separatedBy: ", ").filter { !$0.contains("locked") }
                .compactMap { $0.split(separator: " ").first.map(String.init) }
            seen = items("You see: ")
            carried = items("You carry: ")
            if let range = text.range(of: "Find the ") {
                goal = String(text[range.upperBound...].prefix { $0.isLetter })
            }
            won = text.contains("You have the ")
        }

        /// What a player who knows the game would try next: a sure move when there is one, else every exit.
        var moves: [String] {
            if seen.contains(goal) { return ["take \(goal)"] }
            if seen.contains("key"), !carried.contains("key") { return ["take key"] }
            if name == "hall", carried.contains("key") { return locked ? ["unlock door"] : ["go west"] }
            return exits.map { "go \($0)" }
        }

        /// How near the goal this state is.
        var value: Double {
            if won { return 1 }
            if name == "study" { return 0.9 }
            if carried.contains("key") {
                if name == "hall" { return locked ? 0.7 : 0.8 }
                return name == "cellar" ? 0.5 : 0.6
            }
            return seen.contains("key") ? 0.4 : 0.1
        }
    }

    /// The model: the policy prompt's last room decides the answers, one per sample, in the format the prompt asks
    /// for, with one sample of prose among them as small models write.
    static func player(_ request: MockRequest) -> [MockStep] {
        let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let messages = object["messages"] as? [[String: Any]] ?? []
        let prompt = messages.compactMap { $0["content"] as? String }.joined(separator: "\n")
        let n = (object["n"] as? Int) ?? 1
        // The chunks of one ask go out together, so the order requests arrive in is the server's; the seed each
        // chunk carries (the configured seed plus its draw) is the client's, and the same every run.
        let draw = (object["seed"] as? Int) ?? request.index
        let moves = Room(prompt).moves
        let texts = (0..<n).map { index -> String in
            if index == 1, draw % 2 == 0 {
                return "I am in a house.\nIt is quiet here, and I am not sure what to do."
            }
            let move = moves.isEmpty ? "look" : moves[(draw + index) % moves.count]
            return "Thinking about the room.\nIn summary, the next action I will perform is ```\(move)```"
        }
        let choices = texts.enumerated().map { index, text -> [String: Any] in
            ["index": index, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]
        }
        let body = (try? JSONSerialization.data(withJSONObject: ["choices": choices])) ?? Data()
        return MockStep.response(status: 200, body: String(decoding: body, as: UTF8.self))
    }

    /// Asks the model for actions; values states as the script's player would (the value prompts are not under test).
    struct Player: Agent {
        let policy: OpenAIAgent
        var model: String { policy.model }
        func propose(_ context: AgentContext, samples: Int, temperature: Double) async throws
            -> AgentReply<[PolicySample]>
        {
            try await policy.propose(context, samples: samples, temperature: temperature)
        }
        func estimateValue(_ context: AgentContext, samples: Int) async throws -> AgentReply<[ValueJudgement]> {
            let value = Room(context.task + "\n" + context.observation).value
            return AgentReply([ValueJudgement(value: value, text: "\(value)")])
        }
        func argue(_ context: AgentContext, side: DebateSide) async throws -> AgentReply<String> { AgentReply("") }
        func judge(_ context: AgentContext, first: String, second: String, supporterFirst: Bool, samples: Int)
            async throws -> AgentReply<[JudgeSample]>
        { AgentReply([]) }
        func reflect(_ request: ReflectionRequest) async throws -> AgentReply<ReflectionDraft> {
            AgentReply(ReflectionDraft(expected: "", lesson: "", hint: ReflectionHint()))
        }
    }

    @Test func theModelWinsTheGameWithTheEnvironmentsActionsAndWords() async throws {
        let server = try MockModelServer(script: Self.player)
        var configuration = ModelConfiguration(baseURL: server.baseURL, model: "player-1")
        configuration.retry = RetryPolicy(maxAttempts: 1)
        configuration.samplesPerRequest = 2
        configuration.seed = 0
        let agent = Player(
            policy: OpenAIAgent(client: try OpenAIClient(configuration: configuration, environment: { _ in nil })))
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-game-\(UUID().uuidString).log")
        let factory = try ExternalEnvironmentFactory(spec: "exec:python3 \(Self.placeholderTasks)", logFile: log.path)
        let task = try #require(try await factory.tasks(.train).first)
        #expect(task == TaskSpec(id: "treasure/1", intent: "treasure/1 (instance)"))
        var config = SearchConfig(method: .mcts)
        config.terminalVerdict = .environment
        config.iterationsPerStep = 10
        config.maxSteps = 10
        config.samples = 5
        config.branching = 4
        config.valueSamples = 1
        let sink = MemorySink()
        sink.append(.runStarted(RunStarted(environment: "text-adventure", model: "player-1", method: "mcts", seed: 0)))
        let driver = RunDriver(
            config: config, agent: agent, sink: sink, environment: { task in try await factory.make(for: task) })
        let ended = try #require(await driver.run([task]).first)
        let actions = sink.events.compactMap { event -> String? in
            if case .actionCommitted(let e) = event { return e.action }
            return nil
        }
        #expect(ended.success, "the search wins the game: \(ended), \(actions)")
        #expect(actions == ["go east", "take key", "go west", "unlock door", "go west", "take coin"])

        // The words from `reset`, not the placeholder, are the episode's task and reach every policy prompt.
        let started = sink.events.compactMap { if case .episodeStarted(let e) = $0 { e } else { nil } }
        #expect(started.map(\.task) == ["Find the coin and take it."])
        #expect(!server.requests.isEmpty)
        #expect(server.requests.allSatisfy { $0.bodyText.contains("Find the coin and take it.") })
        #expect(server.requests.allSatisfy { !$0.bodyText.contains("(instance)") })

        // The prose samples were turned away with their reason, never sent to the game as actions.
        let expansions = sink.events.compactMap { if case .expanded(let e) = $0 { e } else { nil } }
        let rejected = expansions.flatMap { $0.rejected ?? [] }
        #expect(!rejected.isEmpty)
        #expect(rejected.allSatisfy { $0.reason.hasPrefix("no action line") })
        let refusals = sink.events.compactMap {
            if case .error(let e) = $0, e.source == .environment { e } else { nil }
        }
        #expect(refusals.isEmpty, "\(refusals)")
    }
}
