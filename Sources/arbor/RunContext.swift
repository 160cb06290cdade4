import ArborCore
import ArborModels
import ArborSearch
import ArborStore
import ArgumentParser
import Synchronization

/// What a worker needs to run a queued run's episodes as `arbor run` would have: its recorded start, the settings
/// those reproduce (SearchOptions+Reproducing), its prompt templates, agent and environments.
struct RunContext: Sendable {
    var started: RunStarted
    var config: SearchConfig
    var agent: any Agent
    var environment: RunDriver.EnvironmentFactory
    var lessons: LessonSource

    /// Reads run `run`'s start from `store` and prepares its search.
    static func read(run: RunID, from store: any RunStorage) async throws -> RunContext {
        guard case .runStarted(let started) = try store.events(run: run, from: 1, limit: 1).first?.event else {
            throw ValidationError("run \(run) has no runStarted event; it cannot be worked on")
        }
        if let problem = SearchOptions.environmentProblem(started.environment) {
            throw ValidationError("run \(run) cannot be worked on here: \(problem)")
        }
        let search: SearchOptions
        do {
            search = try SearchOptions.parse(SearchOptions.flags(reproducing: started))
        } catch {
            throw ValidationError("run \(run)'s recorded settings: \(SearchOptions.message(for: error))")
        }
        let prepared = try await search.prepare(
            logDirectory: ".", only: [], templates: try PromptSet.recorded(by: started, in: store))
        return RunContext(
            started: started, config: search.config, agent: prepared.agent, environment: prepared.environment,
            lessons: prepared.lessons)
    }
}

/// Each run's context, read once per worker, and the lessons its last episode started with.
final class RunContexts: Sendable {
    private let store: any RunStorage
    private let known = Mutex<[RunID: RunContext]>([:])
    private let memories = Mutex<[RunID: ReflectionMemory]>([:])

    init(store: any RunStorage) { self.store = store }

    func context(for run: RunID) async throws -> RunContext {
        if let context = known.withLock({ $0[run] }) { return context }
        let context = try await RunContext.read(run: run, from: store)
        known.withLock { $0[run] = context }
        return context
    }

    /// A memory of `lessons` for an episode of `run`, reusing the terms of the lessons the run's last one held.
    func memory(for run: RunID, lessons: [Reflection]) -> ReflectionMemory {
        let earlier = memories.withLock { $0[run] }
        let memory = earlier.map { ReflectionMemory(lessons, reusing: $0) } ?? ReflectionMemory(lessons)
        memories.withLock { $0[run] = memory }
        return memory
    }
}
