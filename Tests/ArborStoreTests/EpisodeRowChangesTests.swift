import ArborCore
import ArborStore
import ArborTesting
import Testing

@testable import ArborStorePostgres

/// A batch's episode rows written in two statements on a server: what is left is what applying every start and end
/// in order leaves, as a file's writer applies them one by one.
@Suite("Episode rows of a batch", .postgresServer) struct EpisodeRowChangesTests {
    static func start(_ episode: Int64, _ task: String) -> DerivedRow {
        .episodeStarted([.integer(1), .integer(episode), .text(task), .text(task), .real(10)])
    }

    static func end(_ episode: Int64, success: Bool, run: Int64 = 1) -> DerivedRow {
        .episodeEnded([
            .real(20), .integer(success ? 1 : 0), .real(success ? 1 : 0), .real(0.5), .integer(3), .text("stopped"),
            .integer(run), .integer(episode),
        ])
    }

    @Test("per episode, its last start and the last end after it; an end with no start in the batch is kept")
    func reduction() {
        let changes = EpisodeRowChanges([
            Self.start(0, "a"), Self.end(0, success: false), Self.start(1, "b"), Self.start(0, "a again"),
            Self.end(0, success: true), Self.end(1, success: true), Self.start(1, "b again"),
            Self.end(2, success: true),
            Self.end(2, success: false), Self.end(0, success: true, run: 2),
        ])
        #expect(changes.starts.map { $0[3].text } == ["a again", "b again"])
        #expect(
            changes.ends.map { [$0[6].integer, $0[7].integer, $0[1].integer] } == [[1, 0, 1], [1, 2, 0], [2, 0, 1]])
    }

    @Test(
        "episodes started again and ended in one batch read as a file's writer leaves them", arguments: [true, false])
    func oneBatch(onServer: Bool) throws {
        let folder = try TemporaryFolder()
        let backend: StoreBackend = onServer ? .postgresql : .sqlite
        let location = try backend.newLocation(in: folder)
        let store = try backend.open(location)
        defer { store.close() }
        let recorder = try store.startRun(RunStarted(environment: "e", model: "m", method: "rmcts", seed: 1), blobs: [])
        let events: [Event] = [
            .episodeStarted(EpisodeStarted(episode: 0, taskID: "t0", task: "first try")),
            .episodeEnded(
                EpisodeEnded(episode: 0, success: false, reward: 0, estimatedSuccess: 0.2, steps: 2, reason: .stopped)),
            .episodeStarted(EpisodeStarted(episode: 1, taskID: "t1", task: "other")),
            .episodeStarted(EpisodeStarted(episode: 0, taskID: "t0", task: "second try", attempt: 2)),
            .episodeEnded(
                EpisodeEnded(episode: 0, success: true, reward: 1, estimatedSuccess: 0.9, steps: 4, reason: .stopped)),
            .episodeEnded(
                EpisodeEnded(episode: 1, success: true, reward: 1, estimatedSuccess: 0.8, steps: 1, reason: .stopped)),
            .episodeStarted(EpisodeStarted(episode: 1, taskID: "t1", task: "other, again", attempt: 2)),
        ]
        if onServer {
            // One batch, committed as the writer commits it, so the reduction is what writes these rows.
            let session = try PostgresSession.connect(PostgresLocation(url: location))
            defer { session.close() }
            let batch = events.map { StampedEvent(run: recorder.run, seq: 0, time: 5, event: $0, blobs: []) }
            try PostgresBatchCommitter(session: session).commit(batch)
        } else {
            for event in events { recorder.append(event, blobs: []) }
        }
        try store.flush()
        let rows = try RawTables(backend: backend, location: location).rows(
            "SELECT episode, task, success, steps, CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END AS open FROM episodes "
                + "WHERE run = \(recorder.run) ORDER BY episode")
        #expect(rows.map { $0["task"]?.text } == ["second try", "other, again"])
        #expect(rows.map { $0["success"]?.integer } == [1, nil])
        #expect(rows.map { $0["steps"]?.integer } == [4, nil])
        #expect(rows.map { $0["open"]?.integer } == [0, 1])
    }
}
