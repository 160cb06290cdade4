import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// Steering keys become requests on the node under the cursor only when the view can steer; `=` goes through the
/// `:override` prompt.
@Test func steeringKeysBecomeRequestsOnTheCursor() async throws {
    var session = Session(library: try await RecordedSearch.make())
    session.open(run: 1)
    session.handle(.character("e"))
    #expect(session.takeSteerRequests().isEmpty)
    #expect(session.notice?.hasPrefix("this view cannot steer") == true)

    session.steering = SteeringPanel()
    let episode = try #require(session.tree?.episode)
    session.move(to: .root)
    session.handle(.character("e"))
    session.handle(.character(" "))
    session.handle(.character("x"))
    #expect(
        session.takeSteerRequests() == [
            SteerRequest(kind: .expand, episode: episode, node: .root),
            SteerRequest(kind: .pause, episode: episode, node: nil),
            SteerRequest(kind: .exclude, episode: episode, node: .root),
        ])
    session.handle(.character("="))
    #expect(session.prompt == .command("override n0 "))
    for ch in "0.8 by eye" { session.handle(.character(ch)) }
    session.handle(.key(.enter))
    #expect(
        session.takeSteerRequests() == [
            SteerRequest(kind: .overrideValue, episode: episode, node: .root, value: 0.8, note: "by eye")
        ])
    // `c` commits the node under the cursor (issue 5's key); `C` only moves to the committed node.
    let child = try #require(session.tree?.children(of: .root).first)
    session.move(to: child)
    session.handle(.character("c"))
    #expect(session.takeSteerRequests() == [SteerRequest(kind: .commit, episode: episode, node: child)])
    session.handle(.character("C"))
    #expect(session.cursor == session.tree?.committedNode)
    #expect(session.takeSteerRequests().isEmpty)
    session.run(command: "override n0 7")
    #expect(session.takeSteerRequests().isEmpty)
    #expect(session.notice == "override takes a node and a value in [0, 1]: :override n4 0.8 [note]")
}
