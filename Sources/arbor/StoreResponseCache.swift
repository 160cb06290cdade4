import ArborModels
import ArborStore
import Foundation

/// The model client's response cache, kept in the run store (`responses` table).
struct StoreResponseCache: ResponseCache {
    let store: any RunStorage

    func response(for key: String) async throws -> String? { try store.cachedResponse(for: key) }
    func store(_ response: String, for key: String) async throws {
        try store.cacheResponse(response, for: key, at: Date().timeIntervalSince1970)
    }
}
