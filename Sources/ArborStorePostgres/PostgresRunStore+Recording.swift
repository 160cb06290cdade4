import ArborCore
import ArborStore
import Foundation

/// Recording runs on the server, and what a recording run shares with other processes: the commands table and the
/// model response cache. Events go through the store's ``BatchWriter`` as into a file.
extension PostgresRunStore {
    public func startRun(_ started: RunStarted, blobs: [Blob] = []) throws(StoreError) -> RunRecorder {
        guard let recording else { throw .readOnly(path: location) }
        let time = clock()
        let identity = WriterIdentity.current()
        let committer = PostgresBatchCommitter(session: recording.session)
        // The run's row and its first event in one transaction on the writer's connection, so readers see both or
        // neither and followers are told about seq 1.
        let run = try recording.session.transaction { () throws(StoreError) -> RunID in
            let inserted = try recording.session.query(
                """
                INSERT INTO runs (started_at, status, environment, model, method, seed, config, parent_run,
                parent_episode, parent_node, format_version, writer_pid, writer_token, heartbeat_at, last_seq)
                VALUES ($1, 'running', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0) RETURNING id
                """,
                [
                    .real(time), .text(started.environment), .text(started.model), .text(started.method),
                    .text(String(started.seed)), .text(started.configJSON),
                    started.parent.map { .integer($0.run) } ?? .null,
                    started.parent.map { .integer(Int64($0.episode)) } ?? .null,
                    started.parent.map { .integer(Int64($0.node.rawValue)) } ?? .null,
                    .integer(Int64(started.formatVersion)), .integer(Int64(identity.pid)), .text(identity.token),
                    .real(time),
                ])
            guard let run = inserted.first?["id"]?.integer else {
                throw .server(location: location, message: "the new run was given no id")
            }
            try committer.write([StampedEvent(run: run, seq: 1, time: time, event: .runStarted(started), blobs: blobs)])
            return run
        }
        recording.writer.register(run: run, nextSeq: 2)
        return RunRecorder(run: run, writer: recording.writer)
    }

    public func flush() throws(StoreError) {
        try recording?.writer.flush()
    }

    // MARK: - Commands

    @discardableResult
    public func enqueueCommand(
        run: RunID, kind: String, episode: Int? = nil, node: NodeID? = nil, value: Double? = nil, note: String? = nil,
        author: String, at time: Double = Date().timeIntervalSince1970
    ) throws(StoreError) -> Int64 {
        guard mode == .write else { throw .readOnly(path: location) }
        let json = ControlCommand.argumentsJSON(episode: episode, node: node, value: value, note: note)
        let inserted = try query(
            "INSERT INTO commands (run, kind, args, author, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            [.integer(run), .text(kind), .text(json), .text(author), .real(time)])
        guard let id = inserted.first?["id"]?.integer else {
            throw .server(location: location, message: "the command was given no id")
        }
        return id
    }

    /// Takes the run's waiting commands in one statement: two processes taking at once (workers of one run on many
    /// hosts) never take the same command.
    public func takeCommands(run: RunID, at time: Double = Date().timeIntervalSince1970) throws(StoreError)
        -> [ControlCommand]
    {
        guard mode == .write else { throw .readOnly(path: location) }
        return try query(
            """
            UPDATE commands SET taken_at = $1 WHERE id IN (SELECT id FROM commands WHERE run = $2 AND taken_at IS NULL
            ORDER BY id FOR UPDATE SKIP LOCKED) RETURNING *
            """, [.real(time), .integer(run)]
        ).map(Self.command).sorted { $0.id < $1.id }
    }

    public func acknowledge(command id: Int64, outcome: String, at time: Double = Date().timeIntervalSince1970)
        throws(StoreError)
    {
        guard mode == .write else { throw .readOnly(path: location) }
        try execute(
            "UPDATE commands SET outcome = $1, taken_at = COALESCE(taken_at, $2) WHERE id = $3",
            [.text(outcome), .real(time), .integer(id)])
    }

    public func command(_ id: Int64) throws(StoreError) -> ControlCommand? {
        try query("SELECT * FROM commands WHERE id = $1", [.integer(id)]).first.map(Self.command)
    }

    public func commands(run: RunID) throws(StoreError) -> [ControlCommand] {
        try query("SELECT * FROM commands WHERE run = $1 ORDER BY id", [.integer(run)]).map(Self.command)
    }

    public func runConfig(_ run: RunID) throws(StoreError) -> [String: String] {
        guard let text = try query("SELECT config FROM runs WHERE id = $1", [.integer(run)]).first?["config"]?.text
        else { throw .unknownRun(run) }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    private static func command(_ row: StoreRow) -> ControlCommand {
        ControlCommand(
            id: row["id"]?.integer ?? 0, run: row["run"]?.integer ?? 0, kind: row["kind"]?.text ?? "",
            argumentsJSON: row["args"]?.text ?? "{}", author: row["author"]?.text ?? "",
            createdAt: row["created_at"]?.real ?? 0, takenAt: row["taken_at"]?.real, outcome: row["outcome"]?.text)
    }

    // MARK: - Model responses

    public func cachedResponse(for key: String) throws(StoreError) -> String? {
        try query("SELECT response FROM responses WHERE key = $1", [.text(key)]).first?["response"]?.text
    }

    public func cacheResponse(_ response: String, for key: String, at time: Double = Date().timeIntervalSince1970)
        throws(StoreError)
    {
        guard mode == .write else { throw .readOnly(path: location) }
        try execute(
            "INSERT INTO responses (key, response, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [.text(key), .text(response), .real(time)])
    }
}
