import Synchronization

/// The hashes of texts and images a writer has committed to the server, so that it does not send them again: a page
/// that every prompt shows would otherwise travel once a batch. Blobs are never deleted, so a hash once committed
/// stays true; the set forgets everything when it reaches ``limit`` (a run of many distinct texts then sends a few
/// again, which `ON CONFLICT DO NOTHING` absorbs) so that it never grows without bound.
final class StoredHashes: Sendable {
    static let limit = 100_000
    private let hashes = Mutex<Set<String>>([])

    func contains(_ hash: String) -> Bool { hashes.withLock { $0.contains(hash) } }

    func insert(_ committed: Set<String>) {
        hashes.withLock { hashes in
            if hashes.count + committed.count > Self.limit { hashes.removeAll() }
            hashes.formUnion(committed)
        }
    }
}
