import ArborCore
import ArborExport
import Foundation
import Testing

/// The two training formats against golden files, from a small log written by hand: a MiniWeb-like search of two
/// real steps in which the search opens a link, scrolls, tries an answer that is cut from the trace, goes back a
/// page, and finally commits a path valued 1.
@Suite("training exports: exploratory and imitation learning")
struct TrainingExportTests {
    /// Writes the log. `environment` names the environment in `runStarted`; `success` is the episode's check.
    /// With `screenshot`, every observation shows it (as a web environment's would).
    static func log(environment: String = "miniweb", success: Bool = true, screenshot: EncodedImage? = nil)
        -> MemorySink
    {
        let sink = MemorySink()
        sink.append(
            .runStarted(RunStarted(environment: environment, model: "m", method: "rmcts-debate", seed: 1, config: [:])))
        let episode = 0
        func page(_ url: String, _ body: String) -> Blob { Blob("Tab: Classifieds\nURL: miniweb://\(url)\n\(body)") }
        func observe(_ node: Int, _ blob: Blob, terminal: Bool = false) {
            let shots = screenshot.map { [Blob(image: $0)] } ?? []
            sink.append(
                .observed(
                    Observed(
                        episode: episode, node: NodeID(node), observation: blob.ref, reward: 0, terminal: terminal,
                        success: nil, images: shots.compactMap(ObservedImage.init))),
                blobs: [blob] + shots)
        }
        func expand(_ parent: Int, _ children: [(Int, String, String)]) {
            let prompt = Blob("POLICY PROMPT at #\(parent)")
            sink.append(
                .modelCall(
                    ModelCallRecord(
                        episode: episode, node: NodeID(parent), role: .policy, model: "m", tokensIn: 1, tokensOut: 1,
                        latencyMs: 0, prompt: prompt.ref, completion: prompt.ref)),
                blobs: [prompt])
            let rationales = children.map { Blob($0.2) }
            sink.append(
                .expanded(
                    Expanded(
                        episode: episode, parent: NodeID(parent),
                        children: zip(children, rationales).map { child, why in
                            ExpandedChild(
                                node: NodeID(child.0), action: child.1, prior: 1 / Double(children.count), count: 1,
                                rationale: why.ref)
                        }, samples: children.count, unparseable: 0)),
                blobs: rationales)
        }
        func judge(_ node: Int, _ value: Double, _ votes: [(String, String)]) {
            let texts = votes.map { Blob($0.1) }
            let argument = Blob("an argument")
            let turns =
                [DebateTurn(role: .supporter, text: argument.ref), DebateTurn(role: .opponent, text: argument.ref)]
                + zip(votes, texts).map { DebateTurn(role: .judge, text: $1.ref, vote: $0.0, order: 0) }
            sink.append(
                .debate(Debate(episode: episode, node: NodeID(node), turns: turns, value: value)),
                blobs: texts + [argument])
            sink.append(.evaluated(Evaluated(episode: episode, node: NodeID(node), value: value, method: .debate)))
        }
        func select(_ path: [Int]) {
            sink.append(.selected(Selected(episode: episode, path: path.map { NodeID($0) }, levels: [])))
        }
        sink.append(
            .episodeStarted(EpisodeStarted(episode: episode, taskID: "t/1", task: "Find the red bike's price.")))
        observe(0, page("classifieds/", "[1] link 'Bikes'\n[2] link 'Cars'"))
        sink.append(.stepStarted(StepStarted(episode: episode, step: 0, node: .root)))
        select([0])
        expand(0, [(1, "click [1]", "Bikes should list the red bike."), (2, "scroll down", "More below.")])
        judge(0, 0.5, [("C", "Nothing found yet.")])
        select([0, 2])
        observe(2, page("classifieds/", "[2] link 'Cars'\n[5] link 'Boats'"))
        judge(2, 0.2, [("D", "Scrolling shows no bikes.")])
        select([0, 1])
        observe(1, page("classifieds/bikes", "[3] link 'Red bike'\n[4] link 'Blue bike'"))
        expand(1, [(3, "click [3]", "The red bike is listed."), (4, "stop [\"$80\"]", "Guessing.")])
        judge(1, 0.8, [("B", "Bikes are listed."), ("A", "Done, surely."), ("B", "The red bike is one click away.")])
        sink.append(
            .actionCommitted(
                ActionCommitted(
                    episode: episode, step: 0, node: NodeID(1), action: "click [1]", stopReason: .iterations,
                    iterations: 3)))
        sink.append(.stepStarted(StepStarted(episode: episode, step: 1, node: NodeID(1))))
        select([1, 3])
        observe(3, page("classifieds/bikes/red", "Red bike · $120"))
        expand(3, [(5, "stop [\"$120\"]", "The page shows $120.")])
        judge(3, 0.9, [("A", "The price is shown: $120.")])
        select([1, 4])
        observe(4, page("classifieds/bikes", "[3] link 'Red bike'"), terminal: true)
        judge(4, 0.1, [("E", "The answer was never seen on the page.")])
        select([1, 3, 5])
        observe(5, page("classifieds/bikes/red", "Red bike · $120"), terminal: true)
        judge(5, 1.0, [("A", "The answer matches the page.")])
        for (step, node, action) in [(1, 3, "click [3]"), (2, 5, "stop [\"$120\"]")] {
            sink.append(
                .actionCommitted(
                    ActionCommitted(
                        episode: episode, step: step, node: NodeID(node), action: action, stopReason: .success,
                        iterations: 2)))
        }
        sink.append(
            .episodeEnded(
                EpisodeEnded(
                    episode: episode, success: success, reward: success ? 1 : 0, estimatedSuccess: 1, steps: 3,
                    reason: .stopped, estimate: SuccessEstimate(meanQ: 0.9, succeeded: true))))
        sink.append(.runEnded(RunEnded(status: .finished)))
        return sink
    }

    @Test("exploratory: the search order, go_back and the opposite scroll, each turn opening with the judge")
    func exploratory() throws {
        let text = try ExportFormat.exploratory.render(try recording(Self.log()))
        try expectGoldenText(text, "exploratory.jsonl")
        let chat = try #require(try decodeLines(Conversation.self, text).first)
        let said = chat.messages.filter { $0.role == .assistant }.map(\.content)
        let actions = said.map { $0.components(separatedBy: "```")[1] }
        // The scroll and its undoing, the bikes; the red bike's page and back (a page opened: go_back); the explored
        // answer on the bikes page is cut (a stop changed nothing); then the committed path to the answer.
        #expect(
            actions == [
                "scroll down", "scroll up", "click [1]", "click [3]", "go_back", "click [3]", "stop [\"$120\"]",
            ])
        // The judge that voted with the majority (B) opens the turn at the bikes page, with its value.
        #expect(said[3].hasPrefix("Let's see what we have got. Bikes are listed.\nValue: 0.80\n\n"))
        #expect(said[0].hasPrefix("Let's see what we have got. Nothing found yet.\nValue: 0.50\n\n"))
    }

    @Test("exploratory: an environment without a way back writes backtrack")
    func exploratoryElsewhere() throws {
        let text = try ExportFormat.exploratory.render(try recording(Self.log(environment: "exec:python3 game.py")))
        let chat = try #require(try decodeLines(Conversation.self, text).first)
        let actions = chat.messages.filter { $0.role == .assistant }.map {
            $0.content.components(separatedBy: "```")[1]
        }
        #expect(
            actions == [
                "scroll down", "backtrack", "click [1]", "click [3]", "backtrack", "click [3]", "stop [\"$120\"]",
            ])
    }

    @Test("imitation: each committed step in the policy's own prompt, the proposal's reasoning and action as answer")
    func imitation() throws {
        let text = try ExportFormat.sft.render(try recording(Self.log()))
        try expectGoldenText(text, "sft.jsonl")
        let chats = try decodeLines(Conversation.self, text)
        #expect(chats.map { $0.messages.map(\.role) } == Array(repeating: [.user, .assistant], count: 3))
        #expect(
            chats.map(\.messages[0].content) == ["POLICY PROMPT at #0", "POLICY PROMPT at #1", "POLICY PROMPT at #3"])
    }

    @Test("the training formats keep successful episodes unless asked for all")
    func successfulOnly() throws {
        let failed = try recording(Self.log(success: false))
        for format in [ExportFormat.sft, .exploratory] {
            #expect(try format.render(failed) == "")
            #expect(
                try decodeLines(Conversation.self, try format.render(failed, options: .init(filter: .all))).count > 0)
        }
    }
}

/// Compares `text` with `Golden/<name>`; `ARBOR_RECORD=1` rewrites the file instead, for a change made on purpose and
/// reviewed in the diff.
func expectGoldenText(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    if ProcessInfo.processInfo.environment["ARBOR_RECORD"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try? String(contentsOf: url, encoding: .utf8)
    #expect(
        expected == text, "\(name) differs from its golden file; re-record with ARBOR_RECORD=1 if intended",
        sourceLocation: sourceLocation)
}
