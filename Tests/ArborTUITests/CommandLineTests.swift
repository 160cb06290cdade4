import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// The `:` commands, typed as a person types them.
@Suite struct CommandLineTests {
    /// Types `:LINE` and Enter, and returns what Enter asked of the world outside.
    @discardableResult
    static func type(_ line: String, into session: inout Session) -> [SessionEffect] {
        session.handle(.character(":"))
        for ch in line { session.handle(.character(ch)) }
        return session.handle(.key(.enter))
    }

    @Test func episodesAreNumberedFromOneAsOnScreen() async throws {
        var session = Session(library: try await RecordedSearch.make())
        session.open(run: 1)
        #expect(session.model?.state.episodes.count == 2)
        Self.type("episode 1", into: &session)
        #expect(session.tree?.episode == 0)
        var canvas = Canvas(width: 120, height: 32)
        session.render(into: &canvas, now: 0)
        #expect(canvas.renderText().last?.hasPrefix(" ep 1/2 · ") == true)
        Self.type("episode 2", into: &session)
        #expect(session.tree?.episode == 1)
        Self.type("episode 3", into: &session)
        #expect(session.tree?.episode == 1)
        #expect(session.notice == "no episode 3 in this run (1 to 2)")
        Self.type("episode 0", into: &session)
        #expect(session.notice == "no episode 0 in this run (1 to 2)")
    }

    @Test func gotoThemeQuitAndUnknownCommands() async throws {
        var session = Session(library: try await RecordedSearch.make())
        session.open(run: 1)
        Self.type("goto n3", into: &session)
        #expect(session.cursor == NodeID(3))
        Self.type("goto 999", into: &session)
        #expect(session.cursor == NodeID(3))
        #expect(session.notice == "no node 999 in this episode")
        #expect(Self.type("theme light", into: &session) == [.theme("light")])
        #expect(Self.type("frob", into: &session) == [])
        #expect(
            session.notice
                == "unknown command :frob — try :run N, :episode N, :goto NODE, :why, :messages, :event N, :pause :resume, "
                + ":override N V, :fork, "
                + ":theme NAME, :q")
        #expect(Self.type("q", into: &session) == [.quit])
    }
}
