import ArborCore
import ArborEnvironments
import ArborModels
import ArborOfflineAgent
import Testing

@testable import ArborSearch

/// A MiniWeb run with the offline agent, seed 7, on the first three test tasks, recorded in memory.
func offlineMiniWebRun(_ method: SearchMethod, simulations: Int) async throws -> MemorySink {
    var config = SearchConfig(method: method)
    config.iterationsPerStep = 8
    config.maxSteps = 4
    config.samples = 6
    config.valueSamples = 3
    config.judgeSamplesPerOrder = 2
    let sink = MemorySink()
    sink.append(
        .runStarted(
            RunStarted(
                environment: "miniweb", model: "offline", method: method.rawValue, seed: 7,
                config: config.flattened)))
    let tasks = Array(try EnvironmentCatalog.tasks(name: "miniweb", seed: 7, split: .test).prefix(3))
    let driver = RunDriver(
        config: config, agent: OfflineAgent(seed: 7), sink: sink, clock: TickingClock(tick: 0.001),
        environment: { _ in try EnvironmentCatalog.make(name: "miniweb", seed: 7) })
    _ = await driver.run(tasks)
    return sink
}

/// The SHA-256 of every event's kind and payload bytes, in order.
func logDigest(_ sink: MemorySink) throws -> String {
    var text = ""
    for event in sink.events {
        text += event.kind.rawValue + " " + String(decoding: try event.encodedPayload(), as: UTF8.self) + "\n"
    }
    return SHA256.hex(text)
}

@Suite struct ParallelSimulationTests {
    /// One simulation at a time is the search as it was before parallel simulations: these digests were recorded
    /// from the engine before they existed, and K = 1 must reproduce them byte for byte.
    @Test(arguments: [
        (SearchMethod.rmctsDebate, "bd3d09cd45d889eba1a3783d74d0ffd6b326c047a6719d7956c6dc40af5b27ce"),
        (SearchMethod.rmcts, "28cacd291905aa7a584251c814a1b1b0031f3d5b39682b424298f36724c07d66"),
    ])
    func oneSimulationReproducesTheLogRecordedBeforeParallelSearch(method: SearchMethod, digest: String) async throws {
        let sink = try await offlineMiniWebRun(method, simulations: 1)
        let recorded = try logDigest(sink)
        print("log digest \(method.rawValue): \(recorded) (\(sink.events.count) events)")
        #expect(recorded == digest)
    }
}
