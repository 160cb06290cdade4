import Foundation
import Synchronization
import Testing

/// A real PostgreSQL server for tests: `initdb` into a temporary folder and `postgres` listening only on a Unix socket
/// in that folder (no TCP port), run as the `postgres` user when the tests run as root (the server refuses root).
///
/// The server is started by a small shell that also watches the test process: when the test process ends, for any
/// reason, its pipe closes and the shell stops the server and removes its folder, so no server outlives the tests.
/// ``stop()`` does the same at once. The suites of one test process share one server (``shared()``), each test on a
/// database of its own.
public final class TestPostgres: Sendable {
    /// The folder holding the data directory and the socket.
    public let folder: URL
    private let watcher: Process
    private let lifeline: Pipe
    private let bin: URL
    private let user: String?

    /// The server the current test runs against, set by ``PostgresServerTrait``.
    @TaskLocal public static var current: TestPostgres?

    /// The one server of this test process, started by the first caller (or why it could not be).
    private static let started = Mutex<Result<TestPostgres, TestPostgresError>?>(nil)

    /// The server every suite of this test process shares, started by the first suite that asks for it and stopped
    /// when the process exits: starting one (`initdb`) costs about a second of the machine, and each test makes a
    /// database of its own on it anyway. A server that could not start is not tried again.
    public static func shared() throws -> TestPostgres {
        try started.withLock { started in
            if let started { return try started.get() }
            let result: Result<TestPostgres, TestPostgresError>
            do {
                result = .success(try TestPostgres())
            } catch let error as TestPostgresError {
                result = .failure(error)
            } catch {
                result = .failure(TestPostgresError("the test PostgreSQL server did not start: \(error)"))
            }
            started = result
            // Stopped as the process exits, so that it is gone before whatever runs next (`make test` then looks
            // for processes the tests left running); a process that dies without exiting still closes the lifeline.
            if case .success = result { atexit { TestPostgres.stopShared() } }
            return try result.get()
        }
    }

    /// Stops the shared server, if one was started; ``stop()`` waits for it to be gone.
    private static func stopShared() {
        if case .success(let server)? = started.withLock({ $0 }) { server.stop() }
    }

    /// Starts a server; throws what is missing (PostgreSQL not installed, no `postgres` user) or what failed.
    public init() throws {
        guard let bin = Self.binaries() else {
            throw TestPostgresError(
                "PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/initdb); run make setup")
        }
        self.bin = bin
        let root = getuid() == 0
        user = root ? "postgres" : nil
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "arbor-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if root {
            guard let account = getpwnam("postgres") else {
                throw TestPostgresError(
                    "there is no postgres user to run the server as (apt-get install postgresql makes one)")
            }
            _ = chown(folder.path, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        let data = folder.appendingPathComponent("data").path
        try Self.run(
            bin.appendingPathComponent("initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--no-instructions", "-E", "UTF8"],
            as: user)
        let postgres = [
            bin.appendingPathComponent("postgres").path, "-D", data, "-k", folder.path, "-c", "listen_addresses=",
            "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=100",
        ]
        // The shell keeps the server's pid, waits for its stdin (the test process's end of the pipe) to close, and
        // then stops the server at once and removes its folder.
        let script =
            "folder=$1; shift; \"$@\" & pid=$!; cat >/dev/null; kill -QUIT $pid 2>/dev/null; wait $pid; "
            + "rm -rf \"$folder\""
        watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: "/bin/sh")
        watcher.arguments = ["-c", script, "sh", folder.path] + Self.asUser(user) + postgres
        // Only the watcher may hold it, or the server outlives its test (see privatePipe).
        lifeline = privatePipe()
        watcher.standardInput = lifeline
        watcher.standardOutput = FileHandle.nullDevice
        watcher.standardError = FileHandle.nullDevice
        try watcher.run()
        let socket = folder.appendingPathComponent(".s.PGSQL.5432").path
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: socket) {
            guard watcher.isRunning, Date() < deadline else {
                stop()
                throw TestPostgresError("the test PostgreSQL server did not start within 30 seconds")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        // The socket appears a moment before the server accepts connections (pg_isready says "rejecting" until then).
        while (try? Self.run(bin.appendingPathComponent("pg_isready"), ["-h", folder.path, "-q"], as: user)) == nil {
            guard watcher.isRunning, Date() < deadline else {
                stop()
                throw TestPostgresError("the test PostgreSQL server did not accept connections within 30 seconds")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// A new, empty database on this server, and its URL (`postgresql://postgres@/NAME?host=FOLDER`).
    public func createDatabase() throws -> String {
        let name = "arbor_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try Self.run(bin.appendingPathComponent("createdb"), ["-h", folder.path, "-U", "postgres", name], as: user)
        return url(database: name)
    }

    /// The URL of `database` on this server.
    public func url(database: String) -> String {
        "postgresql://postgres@/\(database)?host=\(folder.path)"
    }

    /// Stops the server at once and removes its folder.
    public func stop() {
        try? lifeline.fileHandleForWriting.close()
        watcher.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    private static func binaries() -> URL? {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let bin = URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        return nil
    }

    /// `setpriv` runs the command as `user` in place (no extra process to forward signals through).
    private static func asUser(_ user: String?) -> [String] {
        guard let user else { return [] }
        return ["setpriv", "--reuid=\(user)", "--regid=\(user)", "--init-groups", "--"]
    }

    private static func run(_ tool: URL, _ arguments: [String], as user: String?) throws {
        let process = Process()
        let command = asUser(user) + [tool.path] + arguments
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let output = privatePipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestPostgresError("\(tool.lastPathComponent) failed (\(process.terminationStatus)): \(text)")
        }
    }
}

/// Why the test server could not be started.
public struct TestPostgresError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Makes the process's shared ``TestPostgres`` (``TestPostgres/shared()``, started on first use)
/// ``TestPostgres/current`` while a suite (or a test) runs.
public struct PostgresServerTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { false }

    @concurrent public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @concurrent @Sendable () async throws -> Void
    ) async throws {
        let server = try TestPostgres.shared()
        try await TestPostgres.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == PostgresServerTrait {
    /// A real PostgreSQL server for the suite, shared by the process's suites: ``TestPostgres/current``.
    public static var postgresServer: Self { PostgresServerTrait() }
}
