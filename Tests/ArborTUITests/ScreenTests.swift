import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// Golden screens of every view at 80×24 and 160×48, drawn from one recorded search.
@Suite(.serialized) struct ScreenTests {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 160, height: 48)]

    func opened() async throws -> Session {
        var session = Session(library: try await RecordedSearch.make())
        session.refreshRuns()
        return session
    }

    @Test func runsAndEpisodes() async throws {
        var session = try await opened()
        for size in Self.sizes { try expectGolden(renderScreen(&session, size), "runs-\(size.width)x\(size.height)") }
        session.perform(.open)
        session.perform(.back)
        #expect(session.page == .episodes)
        for size in Self.sizes {
            try expectGolden(renderScreen(&session, size), "episodes-\(size.width)x\(size.height)")
        }
    }

    @Test(arguments: InspectorTab.allCases) func treeWithEachTab(_ tab: InspectorTab) async throws {
        var session = try await opened()
        session.perform(.open)
        #expect(session.page == .tree)
        let tree = try #require(session.tree)
        // The first node the debate valued: every tab has something to show there.
        let debated = try #require(tree.nodes.first { $0.debated && $0.parent != nil })
        session.move(to: debated.id)
        session.perform(.tab(tab))
        if tab == .calls {
            session.perform(.switchPane)
            session.perform(.open)
        }
        for size in Self.sizes {
            try expectGolden(
                renderScreen(&session, size), "tree-\(tab.title.lowercased())-\(size.width)x\(size.height)")
        }
    }

    @Test func helpAndTooSmall() async throws {
        var session = try await opened()
        session.perform(.open)
        session.perform(.help)
        for size in Self.sizes { try expectGolden(renderScreen(&session, size), "help-\(size.width)x\(size.height)") }
        try expectGolden(renderScreen(&session, TerminalSize(width: 40, height: 10)), "too-small-40x10")
    }
}
