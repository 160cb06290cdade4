import ArborCore
import ArborExport
import TerminalKit
import Testing

@testable import ArborTUI

/// The diff screen (`arbor diff A B --tui`): golden screens of two real recorded runs, a planted divergence that
/// must be highlighted at its step on both sides, and the keys.
@Suite(.serialized) struct DiffScreenTests {
    func render(_ session: inout DiffSession, _ width: Int, _ height: Int) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        DiffScreen.render(&session, into: &canvas, now: 1_764_000_000)
        return canvas
    }

    func side(_ name: String, _ log: (records: [EventRecord], texts: [BlobRef: String])) throws -> ComparedRun {
        ComparedRun(
            name: name, state: try RunState(log.records),
            library: MemoryLibrary(logs: [1: log.records], texts: log.texts),
            run: 1)
    }

    /// R-MCTS with debate against the same agent without search (greedy), on the same two MiniWeb tasks: they part
    /// at the first step of the first task and at the second step of the second.
    func recorded() async throws -> DiffSession {
        let a = try side("debate.db:1", try await RecordedSearch.record(.rmctsDebate))
        let b = try side("greedy.db:1", try await RecordedSearch.record(.greedy))
        return DiffSession(a: a, b: b)
    }

    @Test func recordedRunsSideBySide() async throws {
        var session = try await recorded()
        #expect(session.diff.tasks.map { $0.divergence?.step } == [0, 1])
        #expect(session.differing == [0])
        try expectGolden(render(&session, 80, 24), "diff-80x24")
        try expectGolden(render(&session, 160, 48), "diff-160x48")
        session.perform(.switchFocus)
        session.perform(.down)
        try expectGolden(render(&session, 160, 48), "diff-panes-160x48")
        try expectGolden(render(&session, 64, 20), "diff-stacked-64x20")
        session.perform(.help)
        try expectGolden(render(&session, 80, 24), "diff-help-80x24")
        try expectGolden(render(&session, 50, 12), "diff-too-small-50x12")
    }

    /// Two runs that take the same first `k` steps on every task, then part.
    func planted(at k: Int) throws -> DiffSession {
        let shared = (0..<k).map { "click [\($0 + 1)]" }
        let a = PlantedTrajectories.log(
            [
                .init(task: "same", actions: ["click [1]", "stop [\"x\"]"], success: true),
                .init(task: "parts", actions: shared + ["type [7] \"red bike\"", "stop [\"a\"]"], success: false),
                .init(task: "flips", actions: ["click [2]"], success: true),
            ], method: "mcts")
        let b = PlantedTrajectories.log(
            [
                .init(task: "same", actions: ["click [1]", "stop [\"x\"]"], success: true),
                .init(task: "parts", actions: shared + ["scroll down", "go_back", "stop [\"b\"]"], success: false),
                .init(task: "flips", actions: ["click [2]"], success: false),
            ], method: "rmcts")
        return DiffSession(a: try side("a.db:1", a), b: try side("b.db:2", b))
    }

    @Test(arguments: [0, 2, 5]) func plantedDivergenceIsHighlightedAtItsStepOnBothSides(_ k: Int) throws {
        var session = try planted(at: k)
        session.perform(.nextTask)
        #expect(session.task?.taskID == "parts")
        #expect(session.task?.divergence?.step == k)
        for side in [DiffSession.Side.a, .b] {
            let rows = session.rows(side)
            #expect(rows.filter { $0.part == .divergent }.map(\.step) == [k])
            #expect(rows.prefix(k).allSatisfy { $0.part == .shared })
            #expect(rows.dropFirst(k + 1).allSatisfy { $0.part == .own })
        }
        // On screen: in each pane exactly one line is drawn in the divergence role, the one for step k.
        let canvas = render(&session, 160, 48)
        let layout = DiffLayout(canvas.size, taskCount: 3)
        let text = canvas.renderText()
        for pane in [layout.paneA, layout.paneB] {
            let highlighted = (pane.y..<pane.maxY).filter { canvas[pane.x + 2, $0].style.role == .divergence }
            #expect(highlighted.count == 1)
            let line = highlighted.first.map { String(text[$0].dropFirst(pane.x)) } ?? ""
            #expect(line.hasPrefix("▶" + Figures.right(String(k), 3) + " "), "\(line)")
        }
        #expect(text.contains { $0.contains("▶" + Figures.right(String(k), 3) + " type [7] \"red bike\"") })
        #expect(text.contains { $0.contains("▶" + Figures.right(String(k), 3) + " scroll down") })
    }

    @Test func identicalTrajectoriesHaveNoHighlight() throws {
        var session = try planted(at: 1)
        #expect(session.task?.taskID == "same")
        #expect(session.rows(.a).allSatisfy { $0.part == .same })
        let canvas = render(&session, 120, 30)
        #expect(!canvas.renderStyles().joined().contains("d"))
    }

    @Test func keysMoveBetweenTasksPanesAndTrees() throws {
        var session = try planted(at: 2)
        #expect(session.differing == [2])
        session.handle(.character("n"))
        #expect(session.task?.taskID == "flips")
        session.handle(.character("n"))
        #expect(session.taskCursor == 2)
        #expect(session.notice == "wrapped around")
        session.handle(.character("N"))
        #expect(session.taskCursor == 2)
        session.handle(.character("["))
        #expect(session.task?.taskID == "parts")
        #expect(session.stepCursor == 2, "a task opens with the cursor on its divergence")
        session.handle(.character("k"))
        #expect(session.taskCursor == 0, "j/k move the task list while it has the focus")
        session.handle(.key(.down))
        session.handle(.key(.tab))
        #expect(session.focus == .panes)
        session.handle(.character("j"))
        session.handle(.character("j"))
        #expect(session.stepCursor == 4)
        session.handle(.character("j"))
        #expect(session.stepCursor == 5, "B's three steps after the shared two, then its closing row")
        session.handle(.character("j"))
        #expect(session.stepCursor == 5)
        session.handle(.character("g"))
        #expect(session.stepCursor == 0)
        session.handle(.key(.enter))
        #expect(session.focus == .tasks)

        // b: B's whole tree, the cursor on the node of the step under the diff's cursor; Esc comes back.
        session.handle(.key(.tab))
        session.handle(.character("]"))
        session.handle(.character("["))
        session.handle(.character("b"))
        let tree = try #require(session.tree)
        #expect(tree.side == .b)
        #expect(tree.session.tree?.taskID == "parts")
        #expect(tree.session.cursor == NodeID(3), "the node step 2 committed")
        var canvas = render(&session, 100, 30)
        #expect(canvas.renderText().contains { $0.contains("scroll down") })
        session.handle(.key(.escape))
        #expect(session.tree == nil)
        canvas = render(&session, 100, 30)
        #expect(canvas.renderText().first?.hasPrefix("Arbor · diff · A a.db:1 · B b.db:2") == true)

        session.handle(.character("?"))
        #expect(session.showsHelp)
        session.handle(.character("x"))
        #expect(!session.showsHelp)
        #expect(session.handle(.character("q")) == [.quit])
    }

    @Test func longTaskIdsKeepTheirEndsInDisplayColumns() {
        #expect(DiffTaskList.tail("任务/漢字/100", 8) == "…字/100")
        #expect(DiffTaskList.tail("shop/1", 8) == "shop/1")
        #expect(DiffTaskList.tail("classifieds/cheapest-in-colour/100", 12) == "…-colour/100")
    }

    @Test func hostileTextIsSanitised() throws {
        let evil = "\u{1B}[31mred\u{1B}]0;title\u{07} 漢字"
        let a = PlantedTrajectories.log(
            [.init(task: "t\u{1B}[2J", actions: [evil], success: true)], method: "x\u{202E}y")
        let b = PlantedTrajectories.log([.init(task: "t\u{1B}[2J", actions: ["ok"], success: false)], method: "m")
        var session = DiffSession(a: try side("a\u{1B}.db:1", a), b: try side("b.db:1", b))
        session.perform(.switchFocus)
        let canvas = render(&session, 160, 30)
        let text = canvas.renderText().joined(separator: "\n")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(text.contains("␛[31mred␛]0;title␇ 漢字"))
        #expect(text.contains("x⟨U+202E⟩y"))
    }
}
