import Foundation

/// A detached tmux server of its own (a private socket), for driving a terminal program the way a person would:
/// start it in a window of a given size, type keys, read the screen. The server is killed when the value is closed.
public final class Tmux: Sendable {
    public let socket: String
    public let session = "arbor"

    public init(width: Int, height: Int, command: [String], environment: [String: String] = [:]) throws {
        socket = "arbor-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        let env = ["TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8"] + environment.map { "\($0)=\($1)" }
        let shell = (["env"] + env + command).map(Self.quote).joined(separator: " ")
        // The pane stays after the program exits, so its last screen and exit status can be read.
        try run(
            ["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), shell + "; sleep 600"],
            capture: false)
    }

    /// Types tmux key names (`j`, `Enter`, `Tab`, `C-c`) or literal text.
    public func send(keys: String...) throws { try run(["send-keys", "-t", session] + keys, capture: false) }
    public func type(_ text: String) throws { try run(["send-keys", "-t", session, "-l", text], capture: false) }

    public func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", session, "-x", String(width), "-y", String(height)], capture: false)
    }

    /// The screen as text, one string per row; with `escapes`, colours and attributes as SGR sequences too.
    public func screen(escapes: Bool = false) throws -> [String] {
        try run(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", session]).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
    }

    /// Waits until `condition` holds for the screen, up to `timeout` seconds; returns the last screen either way.
    @discardableResult
    public func waitFor(timeout: Double = 20, _ condition: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var last = try screen()
        while !condition(last) && Date() < deadline {
            usleep(100_000)
            last = try screen()
        }
        return last
    }

    /// Stops the server and whatever runs in its pane, on every path: `kill-server` hangs up the pane; a pane
    /// process that ignores the hangup, or a server that did not go, is killed.
    public func close() {
        let pids =
            (try? run(["display-message", "-p", "-t", session, "#{pid} #{pane_pid}"]))?
            .split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) } ?? []
        _ = try? run(["kill-server"], capture: false)
        defer {
            // A server that was killed leaves its socket file behind.
            let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
            unlink("\(folder)/tmux-\(getuid())/\(socket)")
        }
        guard pids.count == 2 else { return }
        let (server, pane) = (pids[0], pids[1])
        let deadline = Date().addingTimeInterval(2)
        while (kill(server, 0) == 0 || kill(-pane, 0) == 0) && Date() < deadline { usleep(20_000) }
        // tmux makes each pane its own process group, so the group's id is the pane's first process.
        if kill(-pane, 0) == 0 { kill(-pane, SIGKILL) }
        if kill(server, 0) == 0 { kill(server, SIGKILL) }
    }

    deinit { close() }

    /// Runs a tmux command. Only commands that print are captured: a server that `new-session` starts keeps
    /// whatever descriptors it inherits, so a captured pipe there would never reach end of file.
    @discardableResult
    func run(_ arguments: [String], capture: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", socket] + arguments
        process.standardError = FileHandle.nullDevice
        guard capture else {
            try Self.spawnAndWait(["tmux", "-L", socket] + arguments)
            return ""
        }
        let out = privatePipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// posix_spawn and waitpid, with output to /dev/null. Foundation's `Process` watches its child through a
    /// descriptor that a daemonising child (the tmux server) inherits, so it would never see the client exit.
    static func spawnAndWait(_ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else open in this process reaches the child: the tmux server it starts outlives the test, and a
        // pipe it inherited from a concurrent test's child (`runArbor`) would keep that reader waiting for its end
        // until the server's `sleep 600` is over.
        // (glibc 2.34 has the call; Swift's Glibc module does not declare it, so it is looked up.)
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        // The test process blocks most signals on its threads, and a spawned child inherits the mask: a tmux server
        // started with it never sees `kill-server` through, and its panes never get their SIGHUP, so both outlived
        // the tests. The child starts with nothing blocked and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard status == 0 else { throw CocoaError(.fileNoSuchFile) }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) < 0 && errno == EINTR {}
    }

    static func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
