import GRDB

/// The store's tables, as a list of named migrations. A migration that has shipped is never edited: a change to
/// the schema is a new migration appended to ``migrator`` and a bump of ``version``. docs/schema.md describes
/// every table and column.
enum Schema {
    /// The schema this build writes and reads: the number of the last migration. Kept in `PRAGMA user_version`.
    static let version = 4
    /// `PRAGMA application_id` of every Arbor store ("ARBR"): how a file says it is Arbor's.
    static let applicationID: Int32 = 0x4152_4252

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, episodes, events, blobs, reflections, annotations, commands, calls") {
            db in
            try db.execute(sql: v1)
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2: model responses cached by request") { db in
            try db.execute(
                sql: """
                    CREATE TABLE responses (
                        key TEXT PRIMARY KEY NOT NULL,
                        response TEXT NOT NULL,
                        created_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    PRAGMA user_version = 2;
                    """)
        }
        migrator.registerMigration("v3: images stored once, as bytes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE images (
                        hash TEXT PRIMARY KEY NOT NULL,
                        format TEXT NOT NULL,
                        bytes BLOB NOT NULL
                    );
                    PRAGMA user_version = 3;
                    """)
        }
        migrator.registerMigration("v4: long texts cut into chunks stored once") { db in
            // A page repeated by every prompt that shows it is stored once (TextChunks); texts already stored stay
            // whole, as short texts are.
            try db.execute(
                sql: """
                    ALTER TABLE blobs ADD COLUMN chunks TEXT;
                    CREATE TABLE chunks (
                        hash TEXT PRIMARY KEY NOT NULL,
                        bytes BLOB NOT NULL
                    );
                    PRAGMA user_version = 4;
                    """)
        }
        // The next migration goes here, named "v5: …", ending with `PRAGMA user_version = 5`.
        return migrator
    }

    private static let v1 = """
        CREATE TABLE arbor_meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO arbor_meta (key, value) VALUES ('application', 'arbor'), ('created_schema', '1');

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at REAL NOT NULL,
            ended_at REAL,
            status TEXT NOT NULL,
            environment TEXT NOT NULL,
            model TEXT NOT NULL,
            method TEXT NOT NULL,
            seed TEXT NOT NULL,
            config TEXT NOT NULL,
            parent_run INTEGER,
            parent_episode INTEGER,
            parent_node INTEGER,
            format_version INTEGER NOT NULL,
            writer_pid INTEGER,
            writer_token TEXT,
            heartbeat_at REAL,
            last_seq INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE episodes (
            run INTEGER NOT NULL,
            episode INTEGER NOT NULL,
            task_id TEXT NOT NULL,
            task TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL,
            success INTEGER,
            reward REAL,
            estimated_success REAL,
            steps INTEGER,
            reason TEXT,
            PRIMARY KEY (run, episode)
        ) WITHOUT ROWID;

        CREATE TABLE events (
            run INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            episode INTEGER,
            node INTEGER,
            time REAL NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (run, seq)
        ) WITHOUT ROWID;

        CREATE TABLE blobs (
            hash TEXT PRIMARY KEY NOT NULL,
            text TEXT NOT NULL
        );

        CREATE TABLE reflections (
            id TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL,
            task_id TEXT NOT NULL,
            task TEXT NOT NULL,
            state TEXT NOT NULL,
            action TEXT NOT NULL,
            expected TEXT NOT NULL,
            happened TEXT NOT NULL,
            lesson TEXT NOT NULL,
            hint TEXT NOT NULL,
            surprise REAL NOT NULL,
            run INTEGER NOT NULL,
            episode INTEGER NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX reflections_by_kind ON reflections (kind, created_at);

        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run INTEGER NOT NULL,
            episode INTEGER,
            node INTEGER,
            path TEXT,
            label TEXT,
            note TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            author TEXT NOT NULL,
            created_at REAL NOT NULL,
            supersedes INTEGER REFERENCES annotations (id)
        );
        CREATE INDEX annotations_by_node ON annotations (run, episode, node);

        CREATE TABLE commands (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run INTEGER NOT NULL,
            kind TEXT NOT NULL,
            args TEXT NOT NULL DEFAULT '{}',
            author TEXT NOT NULL,
            created_at REAL NOT NULL,
            taken_at REAL,
            outcome TEXT
        );
        CREATE INDEX commands_waiting ON commands (run, taken_at);

        CREATE TABLE model_calls (
            run INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            episode INTEGER,
            node INTEGER,
            role TEXT NOT NULL,
            model TEXT NOT NULL,
            tokens_in INTEGER NOT NULL,
            tokens_out INTEGER NOT NULL,
            latency_ms REAL NOT NULL,
            cached INTEGER NOT NULL,
            cost REAL,
            error TEXT,
            PRIMARY KEY (run, seq)
        ) WITHOUT ROWID;
        """
}
