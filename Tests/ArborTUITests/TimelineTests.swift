import ArborCore
import Testing

@testable import ArborTUI

/// A replay shows exactly the fold of the log up to where it stands, however it got there.
@Suite struct TimelineTests {
    @Test func seekingAnywhereEqualsALinearFold() async throws {
        let library = try await RecordedSearch.make()
        let records = try #require(library.logs[1])
        let timeline = try Timeline(run: 1, records: records, spacing: 37)
        for position in [0, 1, 36, 37, 38, 100, records.count / 2, records.count - 1, records.count] {
            let expected = try RunState(records.prefix(position))
            #expect(timeline.model(at: position).state == expected, "at \(position)")
        }
    }

    /// Seeks in both directions, forward moves continuing from where the timeline stands, and node details read
    /// from the log on demand all agree with a fresh fold that keeps every detail itself.
    @Test func seeksAndDetailsEqualAFreshFold() async throws {
        let library = try await RecordedSearch.make()
        let records = try #require(library.logs[1])
        var timeline = try Timeline(run: 1, records: records, spacing: 50)
        for position in [10, 11, 60, 49, 200, 201, 199, records.count, 0, records.count / 3] {
            timeline.seek(position)
            var fresh = RunModel(run: 1)
            for record in records.prefix(position) { try fresh.apply(record) }
            #expect(timeline.model.state == fresh.state, "at \(position)")
            // Compared by bits: a chart's gaps are NaN, which never equals itself.
            func bits(_ model: RunModel) -> [Int: [Int: [String]]] {
                model.histories.mapValues {
                    $0.steps.mapValues { $0.map { "\($0.node) \($0.points.map(\.bitPattern))" } }
                }
            }
            #expect(bits(timeline.model) == bits(fresh), "at \(position)")
            for (episode, tree) in fresh.state.episodes {
                for node in tree.nodes.map(\.id) {
                    #expect(
                        timeline.model.details(episode: episode, node: node)
                            == fresh.details(episode: episode, node: node), "node \(node) at \(position)")
                }
            }
        }
    }

    @Test func steppingMovesOneEventIterationAndStepAtATime() async throws {
        let library = try await RecordedSearch.make()
        let records = try #require(library.logs[1])
        var session = Session(library: library)
        session.replay(run: 1)
        #expect(session.mode == .replay)
        #expect(session.timeline?.position == records.count)
        session.perform(.replay(.start))
        #expect(session.timeline?.position == 0)
        session.perform(.replay(.forwardEvent))
        session.perform(.replay(.forwardEvent))
        #expect(session.timeline?.position == 2)
        #expect(session.model?.state == (try RunState(records.prefix(2))))
        session.perform(.replay(.forwardIteration))
        let afterIteration = try #require(session.timeline?.position)
        guard case .iterationStarted = records[afterIteration - 1].event else {
            Issue.record("} stops on an iterationStarted event")
            return
        }
        session.perform(.replay(.backEvent))
        #expect(session.timeline?.position == afterIteration - 1)
        #expect(session.model?.state == (try RunState(records.prefix(afterIteration - 1))))
        session.perform(.replay(.forwardStep))
        let step = try #require(session.timeline?.position)
        #expect([EventKind.stepStarted, .actionCommitted, .episodeStarted].contains(records[step - 1].event.kind))
        // Space plays in a replay; each tick takes one event.
        session.perform(.steer(.pauseResume))
        #expect(session.autoplay)
        session.tick()
        #expect(session.timeline?.position == step + 1)
        session.perform(.replay(.end))
        #expect(session.timeline?.position == records.count)
        #expect(session.model?.state == (try RunState(records)))
    }

    @Test func marksAreTheEventsOfInterest() async throws {
        let library = try await RecordedSearch.make()
        let records = try #require(library.logs[1])
        let timeline = try Timeline(run: 1, records: records)
        #expect(!timeline.marks.isEmpty)
        for mark in timeline.marks {
            let model = timeline.model(at: mark - 1)
            #expect(Timeline.notability(records[mark - 1].event, before: model) == timeline.reasons[mark])
            #expect(timeline.reasons[mark] != nil)
        }
        // And nothing else is: every event of interest in the log is marked.
        let interesting = records.indices.filter {
            Timeline.notability(records[$0].event, before: timeline.model(at: $0)) != nil
        }
        #expect(timeline.marks == interesting.map { $0 + 1 })
        // m stops at the first mark and says why it is one.
        var session = Session(library: library)
        session.replay(run: 1)
        session.perform(.replay(.start))
        session.perform(.replay(.nextMark))
        let first = try #require(timeline.marks.first)
        #expect(session.timeline?.position == first)
        #expect(session.notice == "event \(first): \(try #require(timeline.reasons[first]))")
    }
}
