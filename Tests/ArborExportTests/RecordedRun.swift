import ArborCore
import ArborEnvironments
import ArborExport
import ArborModels
import ArborOfflineAgent
import ArborSearch
import Foundation

/// A real search, recorded in memory: R-MCTS with debate over the first four MiniWeb test tasks, seed 7, with the
/// offline agent and a small budget (the same settings as `arbor run --tasks 4 --iterations 4 --samples 5
/// --value-samples 3 --judge-samples 2 --max-steps 4 --seed 7`, with a lower surprise threshold).
func recordedRun(_ method: SearchMethod = .rmctsDebate, tasks count: Int = 4) async throws -> MemorySink {
    var config = SearchConfig(method: method)
    config.iterationsPerStep = 6
    config.maxSteps = 4
    config.samples = 5
    config.valueSamples = 3
    config.judgeSamplesPerOrder = 2
    let sink = MemorySink()
    sink.append(
        .runStarted(
            RunStarted(
                environment: "miniweb", model: "offline", method: method.rawValue, seed: 7,
                config: config.flattened)))
    let tasks = Array(try EnvironmentCatalog.tasks(name: "miniweb", seed: 7, split: .test).prefix(count))
    let driver = RunDriver(
        config: config, agent: OfflineAgent(seed: 7), sink: sink, parallel: 1,
        environment: { _ in try EnvironmentCatalog.make(name: "miniweb", seed: 7) })
    _ = await driver.run(tasks)
    sink.append(.runEnded(RunEnded(status: .finished)))
    return sink
}

func recording(_ sink: MemorySink, annotations: [Annotation] = []) throws -> RunRecording {
    try RunRecording(run: 1, records: sink.records, annotations: annotations) { sink.text($0) }
}

/// A label on a node of run 1, as the store would hand it over.
func mark(_ id: Int64, episode: Int, node: NodeID, label: String, path: [NodeID]? = nil) -> Annotation {
    Annotation(id: id, run: 1, episode: episode, node: node, path: path, label: label, author: "test", createdAt: 0)
}

/// Each line of a JSON lines text, decoded.
func decodeLines<T: Decodable>(_ type: T.Type, _ text: String) throws -> [T] {
    try text.split(separator: "\n").map { try JSONDecoder().decode(T.self, from: Data($0.utf8)) }
}
