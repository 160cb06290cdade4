import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// A deep episode stays readable: the view starts at the current real state with the committed path above it as a
/// breadcrumb, rows show their depth instead of guides when guides would squeeze the labels, a principal variation
/// line follows the cursor, and a node with many badges shows them all or a count.
@Suite(.serialized) struct ReadableTreeTests {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 120, height: 35)]
    /// Levels of the chain, and how many of them the episode committed.
    static let depth = 16
    static let committed = 10

    /// A chain of 16 levels, two children each (`click [k]` visited more than `scroll down`); the first 10 levels
    /// committed step by step; the deepest `click` is a failed terminal that was debated, retrieved lessons, was
    /// excluded by a person and hit an error. The run was interrupted there.
    static func deepLog() -> [EventRecord] {
        var events: [Event] = [
            .runStarted(
                RunStarted(
                    environment: "miniweb", model: "offline", method: "rmcts", seed: 1, config: ["maxSteps": "20"])),
            .episodeStarted(EpisodeStarted(episode: 0, taskID: "deep", task: "Walk a long way down")),
            .stepStarted(StepStarted(episode: 0, step: 0, node: .root)),
        ]
        var chain: [NodeID] = [.root]
        var searchRoot = 0
        for level in 0..<depth {
            let parent = chain[chain.count - 1]
            let click = NodeID(level * 2 + 1)
            let scroll = NodeID(level * 2 + 2)
            events.append(
                .expanded(
                    Expanded(
                        episode: 0, parent: parent,
                        children: [
                            ExpandedChild(
                                node: click, action: "click [\(level + 1)] \"next page\"", prior: 0.7, count: 7),
                            ExpandedChild(node: scroll, action: "scroll down", prior: 0.3, count: 3),
                        ], samples: 10, unparseable: 0)))
            let above = Array(chain[searchRoot...])
            for value in [0.5, 0.6, 0.7] {
                events.append(
                    .backedUp(BackedUp(episode: 0, path: above + [click], value: value - Double(level) / 100)))
            }
            events.append(.backedUp(BackedUp(episode: 0, path: above + [scroll], value: 0.2)))
            chain.append(click)
            if level < committed {
                events.append(
                    .selected(
                        Selected(
                            episode: 0, path: [parent, click],
                            levels: [
                                [
                                    Candidate(node: click, visits: 2, q: 0.55, prior: 0.7, score: 0.9),
                                    Candidate(node: scroll, visits: 1, q: 0.2, prior: 0.3, score: 0.5),
                                ], [],
                            ])))
                events.append(
                    .actionCommitted(
                        ActionCommitted(
                            episode: 0, step: level, node: click, action: "click [\(level + 1)] \"next page\"",
                            stopReason: .iterations, iterations: 4)))
                events.append(.stepStarted(StepStarted(episode: 0, step: level + 1, node: click)))
                searchRoot = chain.count - 1
            }
        }
        let leaf = chain[chain.count - 1]
        events += [
            .observed(
                Observed(
                    episode: 0, node: leaf, observation: BlobRef(rawValue: "page"), reward: 0, terminal: true,
                    success: false)),
            .debate(Debate(episode: 0, node: leaf, turns: [], value: 0.4)),
            .reflectionsRetrieved(ReflectionsRetrieved(episode: 0, node: leaf, kind: .value, ids: ["l1"], scores: [1])),
            .intervention(Intervention(kind: .exclude, episode: 0, node: leaf, author: "ada")),
            .error(ErrorRecord(episode: 0, node: leaf, source: .environment, message: "timed out")),
            .episodeEnded(
                EpisodeEnded(
                    episode: 0, success: false, reward: 0, estimatedSuccess: 0.42, steps: committed,
                    reason: .interrupted)),
            .runEnded(RunEnded(status: .interrupted)),
        ]
        return events.enumerated().map { EventRecord(seq: Int64($0.offset + 1), time: 0, event: $0.element) }
    }

    func opened() throws -> Session {
        let library = MemoryLibrary(logs: [1: Self.deepLog()], texts: [:])
        _ = try library.annotate(
            run: 1, episode: 0, node: NodeID(Self.depth * 2 - 1), path: nil, label: "bad", note: nil, author: "ada")
        var session = Session(library: library)
        session.open(run: 1)
        return session
    }

    @Test func theViewStartsAtTheCurrentStateUnderABreadcrumb() throws {
        var session = try opened()
        let tree = try #require(session.tree)
        #expect(session.viewport.outline.top == tree.committedNode)
        #expect(tree.depth(of: session.viewport.outline.top) == Self.committed)
        #expect(session.cursor == session.viewport.outline.top)
        for size in Self.sizes {
            try expectGolden(renderScreen(&session, size), "tree-breadcrumb-\(size.width)x\(size.height)")
        }
        // k on the first row climbs the breadcrumb one step; R shows the whole episode, R again the current state.
        session.perform(.up)
        #expect(session.viewport.outline.top == tree.parent(of: tree.committedNode))
        #expect(session.cursor == session.viewport.outline.top)
        session.perform(.wholeTree)
        #expect(session.viewport.outline.top == tree.committedNode)
        session.perform(.wholeTree)
        #expect(session.viewport.outline.top == .root)
        session.perform(.wholeTree)
        #expect(session.viewport.outline.top == tree.committedNode)
        // r roots the view at the cursor.
        session.perform(.down)
        let below = session.cursor
        session.perform(.rootView)
        #expect(session.viewport.outline.top == below)
    }

    @Test func deepRowsShowTheirDepthAndEveryBadge() throws {
        var session = try opened()
        session.perform(.wholeTree)
        #expect(session.viewport.outline.top == .root)
        // The cursor on the deepest node: its row shows 4 badges and a count of the rest.
        session.move(to: NodeID(Self.depth * 2 - 1))
        for size in Self.sizes {
            try expectGolden(renderScreen(&session, size), "tree-compact-\(size.width)x\(size.height)")
        }
        let view = TreeView(
            tree: try #require(session.tree), rows: [], cursor: .root, active: nil, focused: true,
            annotated: [NodeID(Self.depth * 2 - 1)])
        #expect(view.badges(NodeID(Self.depth * 2 - 1)) == "✗⚖✦⚑+3")
        #expect(view.badges(NodeID(1)) == "●")
    }
}
