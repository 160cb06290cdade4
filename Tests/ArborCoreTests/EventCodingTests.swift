import ArborCore
import Foundation
import Testing

@Test func aRunStartedWrittenBeforePromptsWereRecordedStillDecodes() throws {
    let old = #"{"config":{},"environment":"miniweb","formatVersion":1,"method":"mcts","model":"offline","seed":3}"#
    let started = try JSONDecoder().decode(RunStarted.self, from: Data(old.utf8))
    #expect(started.prompts == nil)
    #expect(started.seed == 3)
}

@Test func eventsRoundTripThroughJSON() throws {
    let events: [Event] = [
        .runStarted(RunStarted(environment: "miniweb", model: "offline", method: "rmcts-debate", seed: 1 << 60)),
        .runStarted(
            RunStarted(
                environment: "miniweb", model: "offline", method: "mcts", seed: 2,
                prompts: ["judge.txt": Blob("Judge {{task}}").ref])),
        .selected(
            Selected(
                episode: 2, path: [.root, 4],
                levels: [[Candidate(node: 4, visits: 3, q: 0.25, prior: 0.4, score: 1.1)]], forced: "ada")),
        .debate(
            Debate(
                episode: 0, node: 3,
                turns: [DebateTurn(role: .judge, text: Blob("Verdict: B").ref, vote: "B", order: 1)], value: 0.7)),
        .reflectionCreated(
            ReflectionCreated(
                episode: 1,
                reflection: Reflection(
                    kind: .policy, taskID: "t", task: "task", state: "s", action: "click [1]", expected: "e",
                    happened: "h", lesson: "l", hint: ReflectionHint(prefer: ["colour"]), surprise: 0.6))),
        .runEnded(RunEnded(status: .interrupted)),
    ]
    for event in events {
        let data = try Event.encoder.encode(event)
        #expect(try JSONDecoder().decode(Event.self, from: data) == event)
        let payload = try event.encodedPayload()
        #expect(try Event(kind: event.kind, payload: payload) == event)
    }
}

@Test func encodingIsStable() throws {
    let event = Event.backedUp(BackedUp(episode: 1, path: [.root, 3], value: 0.5))
    let text = String(decoding: try Event.encoder.encode(event), as: UTF8.self)
    #expect(text == #"{"kind":"backedUp","payload":{"episode":1,"path":[0,3],"value":0.5}}"#)
    #expect(event.node == 3 && event.episode == 1)
    let parallel = Event.backedUp(BackedUp(episode: 1, path: [.root, 3], value: 0.5, simulation: 2))
    let parallelText = String(decoding: try Event.encoder.encode(parallel), as: UTF8.self)
    #expect(parallelText == #"{"kind":"backedUp","payload":{"episode":1,"path":[0,3],"simulation":2,"value":0.5}}"#)
}

@Test func unknownKindIsAnError() {
    let data = Data(#"{"kind":"teleported","payload":{}}"#.utf8)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(Event.self, from: data) }
}

@Test func sha256MatchesKnownVectors() {
    #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
        SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(Blob("abc").ref.rawValue == SHA256.hex("abc"))
}

@Test func memorySinkNumbersRecordsAndKeepsBlobs() {
    let sink = MemorySink()
    let blob = Blob("observation")
    sink.append(.runStarted(RunStarted(environment: "e", model: "m", method: "greedy", seed: 0)))
    sink.append(
        .observed(Observed(episode: 0, node: .root, observation: blob.ref, reward: 0, terminal: false, success: nil)),
        blobs: [blob])
    #expect(sink.records.map(\.seq) == [1, 2])
    #expect(sink.text(blob.ref) == "observation")
}

@Test func visitStatisticsKeepARunningMean() {
    var stats = VisitStatistics()
    for v in [1.0, 0.0, 0.5, -1.0] { stats.record(v) }
    #expect(stats.visits == 4)
    #expect(stats.q == 0.125)
}
