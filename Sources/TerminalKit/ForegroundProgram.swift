import CNcursesw
import Foundation

/// Another program run in this process's terminal while it has given the terminal back (no curses open), the way a
/// shell runs a command: the program draws, reads keys and gets Ctrl-C itself; this process waits, ignores Ctrl-C,
/// and passes SIGTERM and SIGHUP on to it.
public enum ForegroundProgram {
    /// How the program ended.
    public struct Outcome: Equatable, Sendable {
        /// Its exit status, or 128 plus the signal that ended it, as a shell reports it.
        public var status: Int32
        /// A SIGTERM or SIGHUP this process was sent while it waited, and passed on: the person (or a supervisor)
        /// asked this process to end too.
        public var passedOn: TerminalSignal?
        /// What the program wrote to its stderr, which would otherwise be lost under the screen drawn next.
        public var errorOutput: String

        public init(status: Int32, passedOn: TerminalSignal?, errorOutput: String) {
            self.status = status
            self.passedOn = passedOn
            self.errorOutput = errorOutput
        }
    }

    /// Runs `executable` with `arguments` (argv[0] excluded) on this process's stdin and stdout, its stderr kept in a
    /// temporary file, and waits for it. Throws when it cannot be started.
    public static func run(_ executable: String, arguments: [String]) throws(TerminalError) -> Outcome {
        let errorPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("arbor-child-\(getpid())-\(UUID().uuidString).err").path
        let errorFile = open(errorPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard errorFile >= 0 else { throw .systemCall(name: "open", errno: errno) }
        unlink(errorPath)
        defer { close(errorFile) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, errorFile, 2)
        // The child gets every signal's default action and an empty mask, whatever this process ignores or blocks.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH] { sigaddset(&defaults, signal) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        arbor_foreground_begin()
        var child: pid_t = 0
        let started = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        guard started == 0 else {
            _ = arbor_foreground_end()
            throw .programNotStarted(path: executable, errno: started)
        }
        arbor_foreground_child(child)
        var raw: Int32 = 0
        while waitpid(child, &raw, 0) < 0 && errno == EINTR {}
        let passed = arbor_foreground_end()

        // WIFEXITED and friends are macros Swift does not import: the low 7 bits are the signal, the next 8 the status.
        let signal = raw & 0x7f
        let status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return Outcome(status: status, passedOn: TerminalSignal(number: passed), errorOutput: contents(of: errorFile))
    }

    private static func contents(of descriptor: Int32) -> String {
        lseek(descriptor, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension TerminalSignal {
    /// The signal a number names, for the ones a front end handles; nil for any other.
    init?(number: Int32) {
        switch number {
        case SIGINT: self = .interrupt
        case SIGTERM: self = .terminate
        case SIGHUP: self = .hangup
        default: return nil
        }
    }
}
