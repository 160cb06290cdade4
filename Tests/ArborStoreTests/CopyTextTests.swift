import ArborStore
import ArborTesting
import Synchronization
import Testing

@testable import ArborStorePostgres

/// The rows the PostgreSQL writer sends by `COPY … FROM STDIN`: their exact text, and a `COPY` sent a chunk at a time.
@Suite("COPY rows", .postgresServer) struct CopyTextTests {
    @Test("fields are tab-separated, texts escaped, NULL as \\N, bytes as hex, a row ended by a newline")
    func exactText() {
        var rows = CopyText()
        rows.append([.integer(-3), .real(0.1), .null, .text("a\tb\nc\\d\re é"), .bytes([0, 255])])
        rows.append(field: .integer(7))
        rows.append(json: Array(#"{"q":"x\"y\\z\n"}"#.utf8))
        rows.endRow()
        #expect(
            String(buffer: rows.buffer)
                == "-3\t0.1\t\\N\ta\\tb\\nc\\\\d\\re é\t\\\\x00ff\n" + "7\t" + #"{"q":"x\\"y\\\\z\\n"}"# + "\n")
        #expect(rows.rows == 2)
    }

    @Test("a COPY sent in chunks stores every row once, in order, and a bad chunk stores nothing")
    func chunkedCopy() throws {
        let server = try #require(TestPostgres.current)
        let session = try PostgresSession.connect(PostgresLocation(url: server.createDatabase()))
        defer { session.close() }
        try session.execute("CREATE TABLE lines (n BIGINT PRIMARY KEY, line TEXT NOT NULL)")
        let made = Mutex(0)
        try session.copy(into: "lines", columns: ["n", "line"]) {
            made.withLock { count -> CopyText? in
                guard count < 3 else { return nil }
                count += 1
                var rows = CopyText()
                for n in (count - 1) * 100..<count * 100 { rows.append([.integer(Int64(n)), .text("line\t\(n)\n")]) }
                return rows
            }
        }
        let stored = try session.query("SELECT count(*) AS rows, min(n) AS first, max(n) AS last FROM lines")
        #expect(stored.first?["rows"]?.integer == 300)
        #expect(stored.first?["first"]?.integer == 0)
        #expect(stored.first?["last"]?.integer == 299)
        #expect(try session.query("SELECT line FROM lines WHERE n = 150").first?["line"]?.text == "line\t150\n")

        // The second chunk repeats a key: the server refuses the COPY, and the first chunk is not kept either.
        let sent = Mutex(0)
        #expect(throws: StoreError.self) {
            try session.copy(into: "lines", columns: ["n", "line"]) {
                sent.withLock { count -> CopyText? in
                    guard count < 2 else { return nil }
                    count += 1
                    var rows = CopyText()
                    rows.append([.integer(Int64(1000 + count)), .text("new")])
                    rows.append([.integer(count == 2 ? 5 : 2000), .text("repeated")])
                    return rows
                }
            }
        }
        #expect(try session.query("SELECT count(*) AS rows FROM lines").first?["rows"]?.integer == 300)
    }
}
