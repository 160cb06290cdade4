import ArborBenchmarks
import ArborCore
import ArborStorePostgres
import ArborTesting
import Foundation
import Synchronization
import Testing

@testable import ArborStore

/// The tests that write thousands of events or start a writer process, one at a time: on a two-core machine they
/// would otherwise starve each other, and the tail test reports latency.
@Suite(.serialized) struct HeavyStoreTests {}

/// A fresh folder under the system's temporary directory, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A clock that ticks a millisecond per reading, from a fixed start, so stored times are exact.
final class TickingClock: Sendable {
    private let ticks = Mutex(0)
    let start: Double
    init(start: Double = 1_700_000_000) { self.start = start }
    func now() -> Double {
        ticks.withLock {
            $0 += 1
            return start + Double($0) / 1000
        }
    }
}

/// Appends `count` events of a synthetic search, pausing 2 ms after every `pauseEvery` events when given.
func appendSynthetic(to sink: some EventSink, count: Int, seed: UInt64, pauseEvery: Int? = nil) {
    var search = SyntheticSearch(seed: seed)
    for index in 0..<count {
        let (event, blobs) = search.next()
        sink.append(event, blobs: blobs)
        if let pauseEvery, index % pauseEvery == 0 { usleep(2_000) }
    }
}

/// One event of every kind, with optionals both set and unset and texts that need escaping.
func everyKindOfEvent() -> [Event] {
    let blob = BlobRef(rawValue: String(repeating: "ab", count: 32))
    let reflection = Reflection(
        kind: .value, taskID: "forum/reply/3", task: "Reply \"thanks\"\nthen stop", state: "thread / page 2",
        action: "type [7] \"thanks\"", expected: "a reply box", happened: "a login wall\t(!)", lesson: "Log in first.",
        hint: ReflectionHint(prefer: ["login"], avoid: [], valueShift: -0.25), surprise: 0.62)
    return [
        .runStarted(
            RunStarted(
                environment: "miniweb", model: "qwen", method: "rmcts", seed: UInt64.max,
                config: ["b": "5", "Z": "upper", "a/b": "slash", "iterations": "20"],
                parent: RunOrigin(run: 3, episode: 1, node: 7))),
        .runStarted(RunStarted(environment: "e", model: "m", method: "greedy", seed: 0)),
        .runStarted(
            RunStarted(
                environment: "e", model: "m", method: "mcts", seed: 1,
                prompts: ["policy.txt": blob, "judge.txt": BlobRef(rawValue: String(repeating: "cd", count: 32))])),
        .episodeStarted(EpisodeStarted(episode: 0, taskID: "shop/1", task: "Buy a red bike — cheap, ünïcode ✓")),
        .episodeStarted(EpisodeStarted(episode: 0, taskID: "shop/1", task: "Buy", attempt: 2)),
        .stepStarted(StepStarted(episode: 0, step: 2, node: 5)),
        .iterationStarted(IterationStarted(episode: 0, step: 2, iteration: 19)),
        .iterationStarted(IterationStarted(episode: 0, step: 2, iteration: 20, simulation: 3)),
        .selected(
            Selected(
                episode: 0, path: [0, 2],
                levels: [
                    [
                        Candidate(node: 1, visits: 3, q: -0.5, prior: 0.1, score: 1e-5),
                        Candidate(node: 2, visits: 0, q: 0, prior: 0.9, score: 1.0e20),
                    ]
                ], forced: "ana")),
        .selected(Selected(episode: 0, path: [0], levels: [])),
        .selected(Selected(episode: 0, path: [0], levels: [], simulation: 2)),
        .expanded(
            Expanded(
                episode: 0, parent: 0,
                children: [
                    ExpandedChild(
                        node: 1, action: "click [12]", prior: 0.6, count: 12, rationale: blob, label: "Sort \"by\""),
                    ExpandedChild(node: 2, action: "stop [\"42\"]", prior: 0.4, count: 8),
                ], samples: 23, unparseable: 3,
                rejected: [
                    RejectedSample(text: "I think \"go\" is best", reason: "no action line", count: 2),
                    RejectedSample(text: "click [99]", reason: "not an action this state accepts", count: 1),
                ])),
        .observed(Observed(episode: 0, node: 1, observation: blob, reward: 1, terminal: true, success: true)),
        .observed(Observed(episode: 0, node: 2, observation: blob, reward: -0.0, terminal: false, success: nil)),
        .observed(
            Observed(
                episode: 0, node: 2, observation: blob, reward: 0, terminal: false, success: nil,
                images: [
                    ObservedImage(image: blob, format: .png, size: 153),
                    ObservedImage(image: blob, format: .jpeg, size: 1 << 20),
                ])),
        .backtracked(Backtracked(episode: 0, to: 0, method: .replay, actionsReplayed: 3, durationMs: 12.75)),
        .backtracked(
            Backtracked(episode: 0, to: 2, method: .replay, actionsReplayed: 1, durationMs: 0.5, instance: 3)),
        .evaluated(Evaluated(episode: 0, node: 1, value: 0.7, method: .debate, samples: [1, 0.7, -0.2])),
        .debate(
            Debate(
                episode: 0, node: 1,
                turns: [
                    DebateTurn(role: .supporter, text: blob), DebateTurn(role: .judge, text: blob, vote: "B", order: 1),
                ],
                value: 0.7)),
        .backedUp(BackedUp(episode: 0, path: [0, 1], value: 0.123456789012345)),
        .backedUp(BackedUp(episode: 0, path: [0, 1], value: 0.5, rewards: [0.35, 0.1])),
        .backedUp(BackedUp(episode: 0, path: [0, 1], value: 0.5, simulation: 2)),
        .reflectionsRetrieved(
            ReflectionsRetrieved(episode: 0, node: 1, kind: .policy, ids: ["r1", "r2"], scores: [2.5, 0.3])),
        .reflectionCreated(ReflectionCreated(episode: 0, reflection: reflection)),
        .actionCommitted(
            ActionCommitted(episode: 0, step: 0, node: 1, action: "click [12]", stopReason: .success, iterations: 7)),
        .episodeEnded(
            EpisodeEnded(episode: 0, success: true, reward: 1, estimatedSuccess: 0.91, steps: 1, reason: .stopped)),
        .episodeEnded(
            EpisodeEnded(
                episode: 1, success: false, reward: 0, estimatedSuccess: 0.9, steps: 2, reason: .valued,
                estimate: SuccessEstimate(meanQ: 0.75, succeeded: true))),
        .episodeEnded(
            EpisodeEnded(
                episode: 2, success: false, reward: 0, estimatedSuccess: 0.2, steps: 3, reason: .maxSteps,
                environments: EnvironmentPoolUsage(
                    instances: 4, leases: 30, reused: 21, replaced: 1, replays: 9, actionsReplayed: 14,
                    replayMs: 41.25))),
        .modelCall(
            ModelCallRecord(
                episode: 0, node: 1, role: .judge, model: "qwen", tokensIn: 1200, tokensOut: 30, latencyMs: 455.5,
                cached: true, costUSD: 0.0012, error: "HTTP 429: slow down", prompt: blob, completion: blob)),
        .modelCall(
            ModelCallRecord(
                episode: nil, node: nil, role: .embedding, model: "e5", tokensIn: 10, tokensOut: 0, latencyMs: 3)),
        .modelCall(
            ModelCallRecord(
                episode: 0, node: 1, role: .policy, model: "vlm", tokensIn: 900, tokensOut: 40, latencyMs: 80,
                prompt: blob, completion: blob, images: [SentImage(image: blob, size: 153, detail: "auto")])),
        .intervention(Intervention(kind: .exclude, episode: 0, node: 2, author: "ana", note: "loops", outcome: "done")),
        .intervention(Intervention(kind: .pause, episode: nil, node: nil, author: "bo")),
        .error(ErrorRecord(episode: 0, node: 2, source: .environment, message: "page\u{1} crashed")),
        .error(ErrorRecord(episode: nil, node: nil, source: .model, message: "timeout")),
        .runEnded(RunEnded(status: .interrupted)),
    ]
}

/// A backend the store's suite runs against, as a factory of new, empty stores: the store's tests take these as
/// arguments, so each runs on an SQLite file and on PostgreSQL. PostgreSQL's needs the suite's server
/// (`.postgresServer`).
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    /// Where a new, empty store is: a file in `folder` (`name`), or a new database on the suite's server.
    func newLocation(in folder: TemporaryFolder, name: String = "runs.db") throws -> String {
        switch self {
        case .sqlite: folder.file(name)
        case .postgresql: try #require(TestPostgres.current).createDatabase()
        }
    }

    /// Opens the store at `location` (created when writing), stamping events with `clock`.
    func open(
        _ location: String, mode: RunStore.Mode = .write,
        clock: @escaping @Sendable () -> Double = RunStore.wallClock
    ) throws -> any RunStorage {
        switch self {
        case .sqlite: try RunStore.open(path: location, mode: mode, clock: clock)
        case .postgresql: try PostgresRunStore.open(PostgresLocation(url: location), mode: mode, clock: clock)
        }
    }

    /// A new, empty store opened for writing, and its location.
    func newStore(in folder: TemporaryFolder, clock: @escaping @Sendable () -> Double = RunStore.wallClock) throws
        -> (store: any RunStorage, location: String)
    {
        let location = try newLocation(in: folder)
        return (try open(location, clock: clock), location)
    }
}
