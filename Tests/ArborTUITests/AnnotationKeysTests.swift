import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// `t` and `T` mark the node under the cursor, or the trajectory to it, beside the log; the tree shows ✎ and the
/// Notes tab shows who said what.
@Test func annotationKeysMarkNodesAndTrajectories() async throws {
    let library = try await RecordedSearch.make()
    var session = Session(library: library)
    session.refreshRuns()
    session.perform(.open)
    let tree = try #require(session.tree)
    let child = try #require(tree.root.children.first)
    session.move(to: child)
    session.handle(.character("t"))
    for ch in "good found it" { session.handle(.character(ch)) }
    session.handle(.key(.enter))
    session.handle(.character("T"))
    for ch in "bad" { session.handle(.character(ch)) }
    session.handle(.key(.enter))
    let made = library.marks.all
    #expect(made.count == 2)
    #expect(made[0].node == child && made[0].path == nil && made[0].label == "good" && made[0].note == "found it")
    #expect(made[1].path == tree.path(to: child) && made[1].label == "bad" && made[1].note == nil)
    #expect(session.annotatedNodes == [child])
    // The log is untouched: annotations live beside it.
    #expect(session.model?.state == (try RunState(library.logs[1]!)))

    session.perform(.tab(.notes))
    var canvas = Canvas(width: 160, height: 48)
    session.render(into: &canvas, now: 0)
    let text = canvas.renderText().joined(separator: "\n")
    #expect(text.contains("node good — found it"))
    #expect(text.contains("trajectory bad"))
    #expect(text.contains("✎"))
}
