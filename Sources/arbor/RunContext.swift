import ArborCore
import ArborModels
import ArborSearch
import ArborStore
import ArborStorePostgres
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
    private let own = Mutex<[RunID: Own]>([:])

    init(store: any RunStorage) { self.store = store }

    func context(for run: RunID) async throws -> RunContext {
        if let context = known.withLock({ $0[run] }) { return context }
        let context = try await RunContext.read(run: run, from: store)
        known.withLock { $0[run] = context }
        return context
    }

    /// The lessons an episode of `run` starts with: those of the earlier runs the run draws on (`--lessons-from`),
    /// then the run's own, every worker's, up to the episodes that ended before this one — as one `arbor run`'s
    /// episodes draw on the lessons of the episodes before them, whatever the earlier runs lend. The terms of the
    /// lessons the run's last episode held are reused, and the run's own are read on from where the last read ended.
    func memory(for run: RunID, context: RunContext, store: PostgresRunStore) throws -> ReflectionMemory {
        let lent = try store.reflections(from: context.lessons, environment: context.started.environment)
        let earlier = own.withLock { $0[run] } ?? Own()
        let made = try store.lessonsMade(run: run, after: earlier.through)
        let current = Own(lessons: earlier.lessons + made.lessons, through: made.through)
        own.withLock { $0[run] = current }
        // A lesson made again (the same content) is held once, where it first came, as a memory's `add` keeps it.
        var held = Set(lent.map(\.id))
        let lessons = lent + current.lessons.filter { held.insert($0.id).inserted }
        let memory =
            memories.withLock { $0[run] }.map { ReflectionMemory(lessons, reusing: $0) } ?? ReflectionMemory(lessons)
        memories.withLock { $0[run] = memory }
        return memory
    }

    /// A run's own lessons read so far, and the seq to read on from.
    private struct Own {
        var lessons: [Reflection] = []
        var through: Int64 = 0
    }
}
