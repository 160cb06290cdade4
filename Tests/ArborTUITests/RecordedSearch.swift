import ArborCore
import ArborEnvironments
import ArborModels
import ArborOfflineAgent
import ArborSearch
import Foundation

/// A real, small R-MCTS search (MiniWeb, the offline agent, the debate), recorded in memory with a fixed clock:
/// the fixed event log the golden screens are drawn from.
enum RecordedSearch {
    static func make() async throws -> MemoryLibrary {
        let (records, texts) = try await record(.rmctsDebate)
        return MemoryLibrary(logs: [1: records], texts: texts)
    }

    /// The same two tasks searched with `method` and the offline agent seeded with `agentSeed`: its log and texts.
    static func record(_ method: SearchMethod, agentSeed: UInt64 = 7, memory: ReflectionMemory = ReflectionMemory())
        async throws
        -> (records: [EventRecord], texts: [BlobRef: String])
    {
        let sink = MemorySink(clock: { 1_764_000_000 })
        var config = SearchConfig(method: method)
        config.iterationsPerStep = 6
        config.maxSteps = 3
        config.samples = 8
        config.valueSamples = 4
        config.judgeSamplesPerOrder = 2
        sink.append(
            .runStarted(
                RunStarted(
                    environment: "miniweb", model: "offline", method: method.rawValue, seed: 7, config: config.flattened
                )))
        let tasks = Array(try EnvironmentCatalog.tasks(name: "miniweb", seed: 7, split: .test).prefix(2))
        let driver = RunDriver(
            config: config, agent: OfflineAgent(seed: agentSeed), sink: sink, memory: memory, clock: FixedClock(),
            environment: { _ in try EnvironmentCatalog.make(name: "miniweb", seed: 7) })
        _ = await driver.run(tasks)
        sink.append(.runEnded(RunEnded(status: .finished)))
        var texts: [BlobRef: String] = [:]
        for record in sink.records { for ref in refs(in: record.event) { texts[ref] = sink.text(ref) } }
        return (sink.records, texts)
    }

    private static func refs(in event: Event) -> [BlobRef] {
        switch event {
        case .observed(let e): [e.observation]
        case .debate(let e): e.turns.map(\.text)
        case .modelCall(let e): [e.prompt, e.completion].compactMap { $0 }
        case .expanded(let e): e.children.compactMap(\.rationale)
        default: []
        }
    }
}

/// A clock that never moves, so recorded durations are zero and logs repeat exactly.
struct FixedClock: SearchClock {
    func seconds() -> Double { 0 }
}
