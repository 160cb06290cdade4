import GRDB
import Testing

@testable import ArborStore

@Suite("SQLite failures")
struct SQLiteFailureTests {
    @Test("a failure keeps SQLite's result code, so busy, damaged and read-only can be told apart")
    func resultCodeKept() {
        let busy = StoreError.sqlite(
            path: "runs.db", failure: DatabaseError(resultCode: .SQLITE_BUSY, message: "database is locked"))
        #expect(busy.sqliteCode == SQLiteCode(rawValue: 5))
        #expect(busy.sqliteCode?.isBusy == true)
        #expect(busy.description == "SQLite failed on runs.db: SQLite error 5: database is locked")

        let readOnly = StoreError.sqlite(
            path: "runs.db",
            failure: DatabaseError(
                resultCode: .SQLITE_READONLY_DBMOVED, message: "attempt to write a readonly database"))
        #expect(readOnly.sqliteCode?.isReadOnly == true)
        #expect(readOnly.sqliteCode?.isBusy == false)

        let corrupt = StoreError.sqlite(path: "runs.db", failure: DatabaseError(resultCode: .SQLITE_NOTADB))
        #expect(corrupt.sqliteCode?.isCorrupt == true)

        #expect(StoreError.sqlite(path: "runs.db", message: "the writer stopped").sqliteCode == nil)
    }
}
