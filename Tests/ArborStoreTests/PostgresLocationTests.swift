import ArborStore
import Testing

@testable import ArborStorePostgres

/// Reading PostgreSQL URLs in libpq's form, and where the password comes from.
@Suite("PostgreSQL locations") struct PostgresLocationTests {
    let home = ["USER": "ada", "HOME": "/nonexistent"]

    @Test("a TCP URL gives its user, password, host, port and database")
    func tcpURL() throws {
        let found = try PostgresLocation(url: "postgresql://arbor:s%40cret@db.example:6543/evals", environment: home)
        #expect(found.user == "arbor")
        #expect(found.password == "s@cret")
        #expect(found.host == "db.example")
        #expect(found.port == 6543)
        #expect(found.database == "evals")
        #expect(!found.isUnixSocket)
        #expect(found.description == "postgresql://arbor@db.example:6543/evals")
    }

    @Test("?host=/dir names a Unix socket folder, and what is left out comes from the environment")
    func socketURL() throws {
        let found = try PostgresLocation(url: "postgresql:///runs?host=/tmp/pg&port=5544", environment: home)
        #expect(found.isUnixSocket)
        #expect(found.socketPath == "/tmp/pg/.s.PGSQL.5544")
        #expect(found.user == "ada")
        #expect(found.database == "runs")
        #expect(found.password == nil)
        #expect(found.description == "postgresql://ada@/runs?host=/tmp/pg&port=5544")
        let bare = try PostgresLocation(url: "postgres://", environment: ["PGUSER": "bo", "PGHOST": "h"])
        #expect(bare.host == "h")
        #expect(bare.port == 5432)
        #expect(bare.database == "bo")
    }

    @Test("the password comes from the URL, else PGPASSWORD, else the password file")
    func passwordPrecedence() throws {
        let folder = try TemporaryFolder()
        let file = folder.file("pgpass")
        try "# comment\nother:*:*:*:nope\ndb:5432:evals:arbor:from\\:file\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let url = "postgresql://arbor@db/evals"
        #expect(try PostgresLocation(url: url, environment: ["PGPASSFILE": file]).password == "from:file")
        #expect(
            try PostgresLocation(url: url, environment: ["PGPASSFILE": file, "PGPASSWORD": "env"]).password == "env")
        #expect(
            try PostgresLocation(url: "postgresql://arbor:url@db/evals", environment: ["PGPASSWORD": "env"]).password
                == "url")
        #expect(
            try PostgresLocation(url: "postgresql://arbor@other/evals", environment: ["PGPASSFILE": file]).password
                == "nope")
    }

    @Test("a bad URL is refused in one line that hides the password")
    func badURLs() {
        #expect(
            throws: StoreError.badLocation(
                location: "postgresql://arbor:***@db:http/evals",
                reason: "the port \"http\" is not a number from 1 to 65535")
        ) { try PostgresLocation(url: "postgresql://arbor:hunter2@db:http/evals", environment: home) }
        #expect(
            throws: StoreError.badLocation(
                location: "postgresql://db/evals?sslcert=x", reason: "Arbor does not know the parameter \"sslcert\"")
        ) { try PostgresLocation(url: "postgresql://db/evals?sslcert=x", environment: home) }
        let message = StoreError.badLocation(location: "postgresql://a:***@b/c", reason: "r").description
        #expect(!message.contains("hunter2"))
    }
}

/// What a copy takes along with a run's events, and how a shared statement is numbered for PostgreSQL.
@Suite("Copied rows") struct CopiedRowsTests {
    @Test("the blobs a payload refers to are its quoted 64-digit hex strings")
    func blobHashes() {
        let hash = String(repeating: "0f", count: 32)
        let other = String(repeating: "a1", count: 32)
        let payload =
            "{\"observation\":\"\(hash)\",\"x\":[\"\(other)\"],\"short\":\"\(hash.prefix(63))\","
            + "\"upper\":\"\(hash.uppercased())\",\"long\":\"\(hash)0\"}"
        #expect(RunRows.blobHashes(in: payload) == [hash, other])
        #expect(RunRows.blobHashes(in: "") == [])
    }

    @Test("the shared insert statements have a mark per column")
    func statements() {
        #expect(RunRows.runInsert.filter { $0 == "?" }.count == RunRows.runColumns.count)
        #expect(RunRows.blobInsert == "INSERT INTO blobs (hash, text) VALUES (?, ?) ON CONFLICT DO NOTHING")
        #expect(
            PostgresRunStore.numbered(RunRows.blobInsert)
                == "INSERT INTO blobs (hash, text) VALUES ($1, $2) ON CONFLICT DO NOTHING")
    }
}
