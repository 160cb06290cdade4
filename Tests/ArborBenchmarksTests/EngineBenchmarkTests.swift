import ArborBenchmarks
import ArborCore
import Testing

@Suite struct EngineBenchmarkTests {
    @Test func growsTheTreeToTheRequestedSizeAndFoldsExactly() async throws {
        let sink = MemorySink()
        sink.append(.runStarted(RunStarted(environment: "synthetic", model: "synthetic", method: "mcts", seed: 1)))
        let result = await EngineBenchmark.run(nodes: 300, sink: sink)
        #expect(result.nodes >= 300 && result.nodes < 305)
        #expect(result.iterations == (result.nodes - 1) / 5)
        let state = try RunState(sink.records)
        #expect(state.episodes[0]?.nodes.count == result.nodes)
        print(
            "engine: \(result.iterations) iterations in \(result.seconds) s;",
            "calls alone \(result.referenceSeconds) s")
    }
}
