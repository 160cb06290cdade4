import Foundation
import GRDB
import Synchronization

/// How a viewer reads a store without changing anything beside it, and still sees a live writer's commits.
///
/// A WAL-mode file read the ordinary way gets a `-wal` and a `-shm` created beside it, even through a read-only
/// connection; in a folder the viewer cannot write, or for a `chmod 444` file, that open fails outright. With no
/// `-wal` beside the file no writer is there (a writer keeps its `-wal` open until it closes, and removes it then),
/// so every committed page is in the file and SQLite may read it as immutable, which creates nothing and takes no
/// lock. A `-wal` means a writer is (or was, if it was killed) there: the viewer then reads through SQLite's shared
/// WAL index like any reader, so it sees each commit.
///
/// Before each read the connection looks again: a `-wal` that has appeared since (a writer started) switches it to
/// shared reading for good, and a file that changed under an immutable reading (a writer came and went) is opened
/// afresh, so an immutable connection never serves pages cached from an older file.
final class ViewerConnection: Sendable {
    let path: String
    private let state: Mutex<State>

    private struct State {
        var pool: DatabasePool
        /// Whether `pool` reads through the WAL index (a writer is or was there) rather than immutable.
        var shared: Bool
        /// The file as it was when `pool` was opened.
        var stamp: FileStamp?
    }

    init(path: String) throws {
        self.path = path
        state = Mutex(try Self.open(path))
    }

    /// The pool to read through now; it changes only when a writer has appeared or the file changed.
    func pool() throws -> DatabasePool {
        try state.withLock { state in
            if !state.shared, FileManager.default.fileExists(atPath: path + "-wal") || FileStamp(path) != state.stamp {
                state = try Self.open(path)
            }
            return state.pool
        }
    }

    private static func open(_ path: String) throws -> State {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.label = "arbor.store.viewer"
        if FileManager.default.fileExists(atPath: path + "-wal") {
            return State(pool: try DatabasePool(path: path, configuration: configuration), shared: true, stamp: nil)
        }
        let stamp = FileStamp(path)
        // SQLite reads a URI filename here because it is built with SQLITE_USE_URI (Debian's and Apple's are); one
        // that is not would look for a file named by the whole URI, and fail to open it read-only, creating nothing.
        return State(
            pool: try DatabasePool(path: immutableURI(path), configuration: configuration), shared: false, stamp: stamp)
    }

    /// `path` as an SQLite URI that opens the file immutable: no lock, no `-wal`, no `-shm`.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: uriPath) ?? absolute) + "?immutable=1"
    }

    /// The characters a URI path keeps as they are; `?`, `#` and `%` in a file name must be escaped.
    private static let uriPath = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "/-._~"))
}

/// Enough of a file's identity to tell that it was written or replaced: inode, size and modification time.
struct FileStamp: Equatable, Sendable {
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
    }
}
