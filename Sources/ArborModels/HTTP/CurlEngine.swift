import CCurl
import Foundation

/// Runs HTTP requests through libcurl on one thread that owns a multi handle, so hundreds of requests share one
/// thread and their connections. Callers submit from any task and read results as async values; cancelling the
/// caller's task removes its transfer.
///
/// Stop it with ``shutDown()`` (or by releasing it); requests still running then fail with
/// ``CurlEngineError/stopped``.
public final class CurlEngine: Sendable {
    private let inbox: EngineInbox

    public init() throws(CurlEngineError) {
        // Thread-safe and reference-counted since libcurl 7.84; balanced when the engine thread exits.
        guard curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK else {
            throw .initialisationFailed("curl_global_init failed")
        }
        guard let multi = curl_multi_init() else {
            curl_global_cleanup()
            throw .initialisationFailed("curl_multi_init returned NULL")
        }
        let inbox = EngineInbox(multi: multi)
        self.inbox = inbox
        // The raw pointer crosses to the engine thread once and is used only there (and for wakeups via inbox).
        let handle = MultiHandle(pointer: multi)
        let thread = Thread { TransferLoop(inbox: inbox, multi: handle.pointer).run() }
        thread.name = "arbor-curl"
        thread.start()
    }

    deinit {
        inbox.stop()
    }

    /// Stops the engine thread; running and queued requests fail with ``CurlEngineError/stopped``.
    public func shutDown() {
        inbox.stop()
    }

    /// The response as it arrives: `.head` once, then `.body` chunks. Ends with a ``TransportError`` when the
    /// transfer fails; stopping iteration (or cancelling the reading task) cancels the transfer.
    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPEvent, any Error> {
        let id = inbox.nextID()
        let (stream, continuation) = AsyncThrowingStream<HTTPEvent, any Error>.makeStream()
        continuation.onTermination = { [inbox] termination in
            if case .cancelled = termination { inbox.cancel(id) }
        }
        inbox.submit(EngineInbox.Submission(id: id, request: request, continuation: continuation))
        return stream
    }

    /// The whole response. Throws ``TransportError``, ``CurlEngineError`` or `CancellationError`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var response = HTTPResponse(status: 0, headers: [], body: [])
        for try await event in stream(request) {
            switch event {
            case .head(let status, let headers):
                response.status = status
                response.headers = headers
            case .body(let bytes): response.body += bytes
            }
        }
        try Task.checkCancellation()
        return response
    }
}

/// The multi handle's address on its way to the engine thread.
///
/// `@unchecked Sendable`: handed over exactly once, before the thread starts; the creating thread keeps no use of it.
private struct MultiHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}
