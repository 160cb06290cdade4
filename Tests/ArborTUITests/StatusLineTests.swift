import ArborCore
import Foundation
import TerminalKit
import Testing

@testable import ArborTUI

/// What the status line and the inspector's figures say, at the sizes a new user meets.
@Suite struct StatusLineTests {
    /// At 80 columns a long message is cut, never `? help`: the way to learn every key stays in sight.
    @Test func helpStaysInSightAtEightyColumns() async throws {
        var session = Session(library: try await RecordedSearch.make())
        session.open(run: 1)
        session.say(String(repeating: "a long message about what a control did ", count: 4))
        let status = try #require(renderScreen(&session, TerminalSize(width: 80, height: 24)).renderText().last)
        #expect(status.hasSuffix("… ? help"), "\(status)")
        #expect(status.contains("…"))
        session.say("short")
        let roomy = try #require(renderScreen(&session, TerminalSize(width: 120, height: 35)).renderText().last)
        #expect(roomy.hasSuffix("? help  q quit"), "\(roomy)")
    }

    /// A message the status bar had to cut is read whole with `:messages`, newest first; any key closes it.
    @Test func messagesShowsEveryMessageWhole() async throws {
        var session = Session(library: try await RecordedSearch.make())
        session.open(run: 1)
        let long = String(repeating: "a long message about what a control did ", count: 4) + "end"
        session.say("first")
        session.say(long)
        session.run(command: "messages")
        #expect(session.showsMessages)
        let lines = renderScreen(&session, TerminalSize(width: 80, height: 24)).renderText()
        #expect(lines.contains { $0.contains(" Messages — any key closes ") }, "\(lines.joined(separator: "\n"))")
        let inside = lines.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│ ")) }.filter { !$0.isEmpty }
        let shown = inside.joined(separator: " ")
        #expect(shown.contains(long), "\(inside)")
        #expect(shown.range(of: long)!.lowerBound < shown.range(of: "first")!.lowerBound, "newest first")
        session.handle(.character("x"))
        #expect(!session.showsMessages)
        #expect(session.messages == ["first", long])
    }

    /// A run started here counts its episodes against its whole task list (`ep 2/12`), not the ones begun so far;
    /// another run opened in the same session counts its own.
    @Test func episodesCountAgainstTheWholeRun() async throws {
        var session = Session(library: try await RecordedSearch.make())
        session.open(run: 1)
        let size = TerminalSize(width: 120, height: 35)
        let recorded = try #require(renderScreen(&session, size).renderText().last)
        #expect(recorded.hasPrefix(" ep 2/2 · step 3 · "), "\(recorded)")
        session.plannedEpisodes = (1, 12)
        let planned = try #require(renderScreen(&session, size).renderText().last)
        #expect(planned.hasPrefix(" ep 2/12 · step 3 · "), "\(planned)")
        session.plannedEpisodes = (2, 12)
        let other = try #require(renderScreen(&session, size).renderText().last)
        #expect(other.hasPrefix(" ep 2/2 · step 3 · "), "\(other)")
    }

    /// One override shows as the person's value and what it replaced, not `(human ×2)`.
    @Test func anOverrideSaysWhatItReplaced() async throws {
        var library = try await RecordedSearch.make()
        var records = try #require(library.logs[1])
        let state = try RunState(records)
        let tree = try #require(state.episodes[1])
        let debated = try #require(tree.nodes.first { $0.debated && $0.parent != nil })
        let before = try #require(debated.value)
        records.append(
            EventRecord(
                seq: Int64(records.count + 1), time: 0,
                event: .evaluated(Evaluated(episode: 1, node: debated.id, value: 0.95, method: .human, samples: [0.95]))
            )
        )
        library.logs[1] = records
        var session = Session(library: library)
        session.open(run: 1)
        session.move(to: debated.id)
        let lines = renderScreen(&session, TerminalSize(width: 80, height: 24)).renderText()
        let figures = "value 0.95 (human; debate said \(Figures.value(before)))"
        #expect(lines.contains { $0.contains(figures) }, "\(lines.joined(separator: "\n"))")
        #expect(!lines.contains { $0.contains("×2") })
    }
}
