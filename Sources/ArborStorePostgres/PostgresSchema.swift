/// The store's tables on PostgreSQL: the same tables and columns as SQLite's (docs/schema.md), in PostgreSQL's types:
/// integers BIGINT, reals DOUBLE PRECISION, texts TEXT, and blob texts BYTEA (a page may hold a NUL byte, which a
/// PostgreSQL TEXT cannot). `arbor_meta` keeps the schema version, as `PRAGMA user_version` does in a file. A database
/// an earlier build made gains what it lacks (schema 4: `chunks`, and `blobs.chunks`, added only when missing so an
/// up-to-date database is not locked) the next time a writer opens it.
enum PostgresSchema {
    /// The schema this build writes and reads, the same number as SQLite's.
    static let version = 4

    /// Creates every table that is missing, under an advisory lock so that two processes opening a new database at
    /// once create it once.
    static let create = """
        CREATE TABLE IF NOT EXISTS arbor_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (
            id BIGSERIAL PRIMARY KEY,
            started_at DOUBLE PRECISION NOT NULL,
            ended_at DOUBLE PRECISION,
            status TEXT NOT NULL,
            environment TEXT NOT NULL,
            model TEXT NOT NULL,
            method TEXT NOT NULL,
            seed TEXT NOT NULL,
            config TEXT NOT NULL,
            parent_run BIGINT,
            parent_episode BIGINT,
            parent_node BIGINT,
            format_version BIGINT NOT NULL,
            writer_pid BIGINT,
            writer_token TEXT,
            heartbeat_at DOUBLE PRECISION,
            last_seq BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS episodes (
            run BIGINT NOT NULL,
            episode BIGINT NOT NULL,
            task_id TEXT NOT NULL,
            task TEXT NOT NULL,
            started_at DOUBLE PRECISION NOT NULL,
            ended_at DOUBLE PRECISION,
            success BIGINT,
            reward DOUBLE PRECISION,
            estimated_success DOUBLE PRECISION,
            steps BIGINT,
            reason TEXT,
            PRIMARY KEY (run, episode)
        );
        CREATE TABLE IF NOT EXISTS events (
            run BIGINT NOT NULL,
            seq BIGINT NOT NULL,
            kind TEXT NOT NULL,
            episode BIGINT,
            node BIGINT,
            time DOUBLE PRECISION NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (run, seq)
        );
        CREATE TABLE IF NOT EXISTS blobs (hash TEXT PRIMARY KEY, text BYTEA NOT NULL);
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                AND table_name = 'blobs' AND column_name = 'chunks')
            THEN ALTER TABLE blobs ADD COLUMN chunks TEXT; END IF; END $$;
        CREATE TABLE IF NOT EXISTS chunks (hash TEXT PRIMARY KEY, bytes BYTEA NOT NULL);
        CREATE TABLE IF NOT EXISTS images (hash TEXT PRIMARY KEY, format TEXT NOT NULL, bytes BYTEA NOT NULL);
        CREATE TABLE IF NOT EXISTS reflections (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            task_id TEXT NOT NULL,
            task TEXT NOT NULL,
            state TEXT NOT NULL,
            action TEXT NOT NULL,
            expected TEXT NOT NULL,
            happened TEXT NOT NULL,
            lesson TEXT NOT NULL,
            hint TEXT NOT NULL,
            surprise DOUBLE PRECISION NOT NULL,
            run BIGINT NOT NULL,
            episode BIGINT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX IF NOT EXISTS reflections_by_kind ON reflections (kind, created_at);
        CREATE TABLE IF NOT EXISTS annotations (
            id BIGSERIAL PRIMARY KEY,
            run BIGINT NOT NULL,
            episode BIGINT,
            node BIGINT,
            path TEXT,
            label TEXT,
            note TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            author TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            supersedes BIGINT REFERENCES annotations (id)
        );
        CREATE INDEX IF NOT EXISTS annotations_by_node ON annotations (run, episode, node);
        CREATE TABLE IF NOT EXISTS commands (
            id BIGSERIAL PRIMARY KEY,
            run BIGINT NOT NULL,
            kind TEXT NOT NULL,
            args TEXT NOT NULL DEFAULT '{}',
            author TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            taken_at DOUBLE PRECISION,
            outcome TEXT
        );
        CREATE INDEX IF NOT EXISTS commands_waiting ON commands (run, taken_at);
        CREATE TABLE IF NOT EXISTS model_calls (
            run BIGINT NOT NULL,
            seq BIGINT NOT NULL,
            episode BIGINT,
            node BIGINT,
            role TEXT NOT NULL,
            model TEXT NOT NULL,
            tokens_in BIGINT NOT NULL,
            tokens_out BIGINT NOT NULL,
            latency_ms DOUBLE PRECISION NOT NULL,
            cached BIGINT NOT NULL,
            cost DOUBLE PRECISION,
            error TEXT,
            PRIMARY KEY (run, seq)
        );
        CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, response TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL);
        INSERT INTO arbor_meta (key, value) VALUES ('application', 'arbor'), ('schema', '4')
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
            WHERE arbor_meta.key = 'schema' AND arbor_meta.value::int < EXCLUDED.value::int;
        """
}
