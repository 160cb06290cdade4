import Foundation

/// Serialises opening a store for writing, across processes: two `arbor run`s creating the same new file at once
/// would otherwise both migrate it (`table arbor_meta already exists`), or one would read the other's half-written
/// header and call the file damaged. The lock is the folder's (`flock` on the directory), held from inspecting the
/// file to the end of its migrations: it leaves no file behind, and it does not touch the POSIX locks SQLite keeps
/// on the store itself.
final class CreationLock {
    private var descriptor: Int32

    /// Waits for, and takes, the lock on `path`'s folder; without a folder to open there is no lock, and inspecting
    /// the file says what is wrong.
    init(folderOf path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        while flock(descriptor, LOCK_EX) != 0, errno == EINTR {}
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
