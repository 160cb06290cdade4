import Foundation

/// Which process is writing a run: its pid and a token that tells this process from a later one that reused the
/// pid (on Linux, the process's start time in clock ticks from `/proc/PID/stat`). A `running` run whose writer is
/// not alive is marked `interrupted` when a writer next opens the store. This assumes one machine: a store on a
/// shared disk written from two hosts would need a lock file instead.
package struct WriterIdentity: Equatable, Sendable {
    package let pid: Int32
    package let token: String

    package static func current() -> WriterIdentity {
        let pid = getpid()
        return WriterIdentity(pid: pid, token: stat(of: pid)?.token ?? "")
    }

    /// Whether the process that wrote with this identity is still running.
    var isAlive: Bool {
        guard pid > 0 else { return false }
        if let now = Self.stat(of: pid) { return now.state != "Z" && (token.isEmpty || now.token == token) }
        if FileManager.default.fileExists(atPath: "/proc/self/stat") { return false }  // Linux: no entry, no process
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Fields 3 (state; `Z` for a zombie) and 22 (start time) of `/proc/PID/stat`, read after the command name
    /// (which may hold spaces and parentheses).
    private static func stat(of pid: Int32) -> (state: Substring, token: String)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")" come field 3 (state) onwards, so field 22 is at index 19.
        guard fields.count > 19 else { return nil }
        return (fields[0], String(fields[19]))
    }
}
