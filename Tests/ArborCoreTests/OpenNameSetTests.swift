import ArborCore
import Foundation
import Testing

@Suite("Closed sets stored as names")
struct OpenNameSetTests {
    @Test("every known reason and source reads back as its own case, spelled as stored")
    func knownNames() throws {
        for reason in EpisodeEndReason.known {
            #expect(EpisodeEndReason(rawValue: reason.rawValue) == reason)
        }
        #expect(
            EpisodeEndReason.known.map(\.rawValue) == [
                "stopped", "terminal", "maxSteps", "valued", "repeating", "tokens", "noActions", "error",
                "interrupted",
            ])
        #expect(ErrorSource.known.map(\.rawValue) == ["model", "environment", "parser", "engine", "store"])
        let stored = #"{"message":"m","source":"store"}"#
        #expect(try JSONDecoder().decode(ErrorRecord.self, from: Data(stored.utf8)).source == .store)
    }

    @Test("a name this build does not know is kept as written, and the event still folds")
    func unknownNames() throws {
        let payload = #"{"episode":0,"estimatedSuccess":0.5,"reason":"gaveUp","reward":0,"steps":2,"success":false}"#
        let event = try Event(kind: .episodeEnded, payload: Data(payload.utf8))
        let ended = try #require(
            {
                if case .episodeEnded(let e) = event { return e }
                return nil
            }())
        #expect(ended.reason == .other("gaveUp"))
        #expect(String(decoding: try event.encodedPayload(), as: UTF8.self) == payload)

        let error = #"{"message":"m","source":"network"}"#
        let record = try JSONDecoder().decode(ErrorRecord.self, from: Data(error.utf8))
        #expect(record.source == .other("network"))
        #expect("\(record.source)" == "network")

        let state = try RunState([
            EventRecord(
                seq: 1, time: 0,
                event: .runStarted(RunStarted(environment: "puzzle", model: "offline", method: "mcts", seed: 1))),
            EventRecord(seq: 2, time: 0, event: .episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "x"))),
            EventRecord(seq: 3, time: 0, event: event),
            EventRecord(seq: 4, time: 0, event: .error(record)),
        ])
        #expect(state.episodes[0]?.outcome?.reason == .other("gaveUp"))
        #expect(state.errors.map(\.source) == [.other("network")])
    }

    @Test("each kind's payload type names that kind, so decoding and encoding agree")
    func vocabularyTables() {
        for kind in EventKind.allCases {
            #expect(kind.payloadType.kind == kind)
        }
    }
}
