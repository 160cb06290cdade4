import ArborCore
import Foundation
import Testing

@testable import ArborStore

@Suite("the committed sample runs open with this build")
struct SampleRunsTests {
    /// sample-runs/ at the top of the package.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sample-runs")

    @Test("every sample store lists its runs and every run folds without error")
    func openAndFold() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".db") }
            .sorted()
        #expect(names == ["forum.db", "miniweb.db", "smollm.db"])
        let copies = try TemporaryFolder()
        for name in names {
            let original = Self.folder.appendingPathComponent(name).path
            let size = try FileManager.default.attributesOfItem(atPath: original)[.size] as? Int ?? 0
            #expect(size < 5_000_000, "\(name) is \(size) bytes")
            // A copy, so that opening never leaves -wal or -shm files beside the committed ones.
            let copy = copies.file(name)
            try FileManager.default.copyItem(atPath: original, toPath: copy)
            let store = try RunStore.open(path: copy, mode: .readOnly)
            let runs = try store.runs()
            #expect(!runs.isEmpty)
            for run in runs {
                let state = try RunState(try store.log(run: run.id))
                #expect(state.status == .finished)
                #expect(state.episodes.count == run.episodes)
                #expect(state.episodes.values.allSatisfy { $0.outcome != nil })
                #expect(state.episodes.values.contains { $0.outcome?.success == false })
                if name == "smollm.db" {
                    // Recorded with a real model: its calls, prompts and completions are in the file.
                    #expect(run.model == "smollm2-135m")
                    #expect(state.modelCalls > 0)
                }
            }
        }
    }

    @Test("every sample run was recorded under today's rules")
    func recordedUnderTodaysRules() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".db") }
        let copies = try TemporaryFolder()
        for name in names.sorted() {
            let copy = copies.file(name)
            try FileManager.default.copyItem(atPath: Self.folder.appendingPathComponent(name).path, toPath: copy)
            let store = try RunStore.open(path: copy, mode: .readOnly)
            for run in try store.runs() {
                let log = try store.log(run: run.id)
                guard case .runStarted(let started) = log.first?.event else {
                    Issue.record("\(name) run \(run.id) does not begin with runStarted")
                    continue
                }
                let config = started.config
                let place = "\(name) run \(run.id)"
                // The run says where reflection learned success, and the limits ExACT searches under.
                #expect(["estimate", "outcome"].contains(config["reflection.successSource"]), "\(place)")
                for key in ["searchHorizon", "repeatLimit", "endOnSuccessPath"] {
                    #expect(config[key] != nil, "\(place) does not record \(key)")
                }
                let checkVisible = config["terminalVerdict"] == "environment"
                var refused: Set<String> = []
                var committedLast: [Int: Int64] = [:]
                for record in log {
                    if case .actionCommitted(let e) = record.event { committedLast[e.episode] = record.seq }
                    if case .error(let e) = record.event, e.source == .environment, let node = e.node,
                        e.message.hasPrefix("the environment refused")
                    {
                        refused.insert("\(e.episode ?? -1)/\(node.rawValue)")
                    }
                }
                for record in log {
                    switch record.event {
                    case .evaluated(let e) where e.method == .terminal && !checkVisible:
                        // Only a refused action is valued at a terminal without a judge (0, the state is unchanged).
                        #expect(
                            refused.contains("\(e.episode)/\(e.node.rawValue)") && e.value == 0,
                            "\(place): node \(e.node.rawValue) of episode \(e.episode) was valued by the check")
                    case .observed(let e) where e.success != nil && !checkVisible:
                        // The check is read once, when the episode ends: after its last real step.
                        #expect(
                            record.seq > committedLast[e.episode] ?? 0,
                            "\(place): the check was read during episode \(e.episode)'s search")
                    case .episodeEnded(let e) where e.steps > 0 && e.reason != .error:
                        #expect(e.estimate != nil, "\(place): episode \(e.episode) ended without the agent's estimate")
                    default:
                        break
                    }
                }
            }
        }
    }
}
