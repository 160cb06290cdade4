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
}
