import ArborCore
import ArborTesting
import Testing

@testable import ArborStore

/// A new run's lessons come from runs on the same environment unless it asks for all, none, or chosen runs.
@Suite("Where a run's lessons come from", .postgresServer)
struct LessonSourceTests {
    func lesson(_ text: String) -> Reflection {
        Reflection(
            kind: .policy, taskID: "t/1", task: "a task", state: "a page", action: "click [1]", expected: "e",
            happened: "h", lesson: text, surprise: 0.6)
    }

    /// Three runs: MiniWeb, MiniWoB through the adapter, MiniWeb again; one lesson each.
    func store(_ folder: TemporaryFolder, on backend: StoreBackend) throws -> any RunStorage {
        let store = try backend.newStore(in: folder, clock: TickingClock().now).store
        for (environment, text) in [("miniweb", "web one"), ("exec:python3 miniwob.py", "wob"), ("miniweb", "web two")]
        {
            let recorder = try store.startRun(
                RunStarted(environment: environment, model: "m", method: "rmcts", seed: 1), blobs: [])
            recorder.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t/1", task: "a task")))
            recorder.append(.reflectionCreated(ReflectionCreated(episode: 0, reflection: lesson(text))))
            try recorder.finish()
        }
        return store
    }

    @Test(arguments: StoreBackend.allCases) func lessonsComeFromTheSourceAsked(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let store = try store(folder, on: backend)
        defer { store.close() }
        func lessons(_ source: LessonSource, _ environment: String = "miniweb") throws -> [String] {
            try store.reflections(kind: nil, from: source, environment: environment).map(\.lesson)
        }
        #expect(try lessons(.sameEnvironment) == ["web one", "web two"])
        #expect(try lessons(.sameEnvironment, "exec:python3 miniwob.py") == ["wob"])
        #expect(try lessons(.sameEnvironment, "puzzle") == [])
        #expect(try lessons(.all) == ["web one", "wob", "web two"])
        #expect(try lessons(.none) == [])
        #expect(try lessons(.runs([2, 3])) == ["wob", "web two"])
        #expect(try store.reflections(kind: .value, from: .all, environment: "").isEmpty)
    }

    @Test(arguments: StoreBackend.allCases)
    func aNamedRunLendsTheLessonsItMadeAgain(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let store = try store(folder, on: backend)
        defer { store.close() }
        // Run 4 makes again run 1's lesson (the same content, so the same id, whose row names run 1) and one of its
        // own, a value lesson.
        let recorder = try store.startRun(
            RunStarted(environment: "miniweb", model: "m", method: "rmcts", seed: 1), blobs: [])
        recorder.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t/1", task: "a task")))
        recorder.append(.reflectionCreated(ReflectionCreated(episode: 0, reflection: lesson("web one"))))
        var value = lesson("its own")
        value.kind = .value
        recorder.append(.reflectionCreated(ReflectionCreated(episode: 0, reflection: value)))
        recorder.append(.reflectionCreated(ReflectionCreated(episode: 0, reflection: lesson("web one"))))
        try recorder.finish()
        func lessons(_ source: LessonSource, kind: ReflectionKind? = nil) throws -> [String] {
            try store.reflections(kind: kind, from: source, environment: "miniweb").map(\.lesson)
        }
        #expect(try lessons(.runs([4])) == ["web one", "its own"])
        #expect(try lessons(.runs([4]), kind: .value) == ["its own"])
        #expect(try lessons(.runs([1, 4])) == ["web one", "its own"])
        #expect(try lessons(.runs([3, 4])) == ["web two", "web one", "its own"])
        #expect(try lessons(.sameEnvironment) == ["web one", "web two", "its own"])
    }

    @Test func theFlagReadsItsForms() {
        #expect(LessonSource(argument: "same-env") == .sameEnvironment)
        #expect(LessonSource(argument: "all") == .all)
        #expect(LessonSource(argument: "none") == LessonSource.none)
        #expect(LessonSource(argument: "3,5") == .runs([3, 5]))
        #expect(LessonSource(argument: "3,x") == nil)
        #expect(LessonSource(argument: "0") == nil)
        #expect(LessonSource.runs([3, 5]).description == "3,5")
    }
}
