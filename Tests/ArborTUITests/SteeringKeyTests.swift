import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// Steering keys become requests on the node under the cursor only when the view can steer; `=` goes through the
/// `:override` prompt.
@Test func steeringKeysBecomeRequestsOnTheCursor() async throws {
    var session = Session(library: try await RecordedSearch.make())
    session.open(run: 1)
    #expect(session.handle(.character("e")) == [])
    #expect(session.notice?.hasPrefix("this view cannot steer") == true)

    session.steering = SteeringPanel()
    let episode = try #require(session.tree?.episode)
    session.move(to: .root)
    #expect(session.handle(.character("e")) == [.steer(SteerRequest(kind: .expand, episode: episode, node: .root))])
    #expect(session.handle(.character(" ")) == [.steer(SteerRequest(kind: .pause, episode: episode, node: nil))])
    #expect(session.handle(.character("x")) == [.steer(SteerRequest(kind: .exclude, episode: episode, node: .root))])
    #expect(session.handle(.character("=")) == [])
    #expect(session.prompt == .command("override n0 "))
    for ch in "0.8 by eye" { session.handle(.character(ch)) }
    #expect(
        session.handle(.key(.enter)) == [
            .steer(SteerRequest(kind: .overrideValue, episode: episode, node: .root, value: 0.8, note: "by eye"))
        ])
    // `c` commits the node under the cursor (issue 5's key); `C` only moves to the committed node.
    let child = try #require(session.tree?.children(of: .root).first)
    session.move(to: child)
    #expect(session.handle(.character("c")) == [.steer(SteerRequest(kind: .commit, episode: episode, node: child))])
    #expect(session.handle(.character("C")) == [])
    #expect(session.cursor == session.tree?.committedNode)
    #expect(session.run(command: "override n0 7") == [])
    #expect(session.notice == "override takes a node and a value in [0, 1]: :override n4 0.8 [note]")
}

/// A watcher in another process (`arbor watch --control`) has no engine beside it: Space asks for a resume when the
/// log says the search is paused and for a pause otherwise, and `:pause` / `:resume` ask for exactly that.
@Test func spaceTogglesPauseAsTheLogSaysAndCommandsAskExactly() throws {
    var log: [Event] = [
        .runStarted(RunStarted(environment: "e", model: "m", method: "mcts", seed: 1)),
        .episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "task")),
        .stepStarted(StepStarted(episode: 0, step: 0, node: .root)),
        .intervention(Intervention(kind: .pause, episode: 0, node: nil, author: "ada")),
    ]
    func records(_ events: [Event]) -> [EventRecord] {
        events.enumerated().map { EventRecord(seq: Int64($0.offset + 1), time: 0, event: $0.element) }
    }
    var session = Session(library: MemoryLibrary(logs: [1: records(log)], texts: [:]))
    session.steering = SteeringPanel()
    session.open(run: 1, live: true)
    #expect(session.mode == .paused)
    #expect(session.handle(.character(" ")) == [.steer(SteerRequest(kind: .resume, episode: 0, node: nil))])
    // The search resumed (the log says so): Space now pauses.
    log.append(.intervention(Intervention(kind: .resume, episode: 0, node: nil, author: "ada")))
    session.receive(Array(records(log).suffix(1)))
    #expect(session.mode == .live)
    #expect(session.handle(.character(" ")) == [.steer(SteerRequest(kind: .pause, episode: 0, node: nil))])
    #expect(session.run(command: "resume") == [.steer(SteerRequest(kind: .resume, episode: 0, node: nil))])
    #expect(session.run(command: "pause") == [.steer(SteerRequest(kind: .pause, episode: 0, node: nil))])
}
