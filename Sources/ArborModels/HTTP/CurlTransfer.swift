import CCurl
import Foundation

/// One request in flight on the engine thread: its easy handle, the header list and error buffer libcurl borrows,
/// and the stream its caller reads. Lives and dies on the engine thread.
final class CurlTransfer {
    let id: UInt64
    let request: HTTPRequest
    let continuation: AsyncThrowingStream<HTTPEvent, any Error>.Continuation
    private(set) var easy: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headers: [HTTPHeader] = []
    private var headSent = false
    /// Set when the reader went away mid-body, so the abort that follows is not reported as a failure.
    private(set) var abandoned = false
    /// When a byte last arrived (or the transfer started): the stall watchdog measures silence from here.
    private(set) var lastActivity = ContinuousClock.now

    init(_ submission: EngineInbox.Submission) {
        id = submission.id
        request = submission.request
        continuation = submission.continuation
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        if let easy { curl_easy_cleanup(easy) }
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Creates and configures the easy handle; on failure, the reason in words.
    func prepare() -> String? {
        guard let easy = curl_easy_init() else { return "curl_easy_init returned NULL" }
        self.easy = easy
        let context = Unmanaged.passUnretained(self).toOpaque()
        let connectMs = max(1, request.connectTimeout.milliseconds)
        var results = [
            request.url.withCString { arbor_curl_set_string(easy, CURLOPT_URL, $0) },
            arbor_curl_set_long(easy, CURLOPT_NOSIGNAL, 1),
            arbor_curl_set_long(easy, CURLOPT_CONNECTTIMEOUT_MS, connectMs),
            arbor_curl_set_long(easy, CURLOPT_TCP_NODELAY, 1),
            arbor_curl_set_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer),
            arbor_curl_set_callbacks(easy, Self.onBody, Self.onHeader, context),
        ]
        switch request.method {
        case .get: results.append(arbor_curl_set_long(easy, CURLOPT_HTTPGET, 1))
        case .post:
            // One spare byte so even an empty body has an address to hand libcurl, which copies `count` bytes.
            let bytes = request.body.map { CChar(bitPattern: $0) } + [0]
            results.append(
                bytes.withUnsafeBufferPointer { arbor_curl_set_post_body(easy, $0.baseAddress, request.body.count) })
        }
        // An empty `Expect:` stops libcurl waiting for "100 Continue" before sending a large body.
        for line in request.headers + ["Expect:"] {
            guard let appended = curl_slist_append(headerList, line) else { return "curl_slist_append failed" }
            headerList = appended
        }
        results.append(arbor_curl_set_headers(easy, headerList))
        if let failed = results.first(where: { $0 != CURLE_OK }) {
            return String(cString: curl_easy_strerror(failed))
        }
        return nil
    }

    // MARK: - Callbacks from libcurl (engine thread)

    private static let onHeader: arbor_curl_data_callback = { data, size, count, context in
        received(data, size * count, context) { transfer, bytes in
            transfer.header(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            return true
        }
    }

    private static let onBody: arbor_curl_data_callback = { data, size, count, context in
        received(data, size * count, context) { transfer, bytes in transfer.body(bytes) }
    }

    /// The transfer behind `context`, marked active, handed the bytes; the count libcurl expects back (0 aborts).
    private static func received(
        _ data: UnsafeMutablePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?,
        _ handle: (CurlTransfer, UnsafeRawBufferPointer) -> Bool
    ) -> Int {
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        transfer.lastActivity = .now
        return handle(transfer, UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
    }

    private func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            // A new status line (after a 100 Continue or a redirect) starts a new header block.
            headers = []
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        headers.append(HTTPHeader(name: name, value: value))
    }

    /// Passes bytes on; false (which aborts the transfer) once nobody reads them.
    private func body(_ bytes: UnsafeRawBufferPointer) -> Bool {
        sendHeadOnce()
        if case .terminated = continuation.yield(.body(Array(bytes))) {
            abandoned = true
            return false
        }
        return true
    }

    private func sendHeadOnce() {
        guard !headSent, let easy else { return }
        headSent = true
        continuation.yield(.head(status: arbor_curl_response_code(easy), headers: headers))
    }

    // MARK: - Completion

    /// When the stall watchdog gives up on this transfer if nothing more arrives.
    var stallDeadline: ContinuousClock.Instant { lastActivity + request.stallTimeout }

    /// Ends the caller's stream because the response went silent too long. libcurl's own low-speed check averages
    /// over several seconds, so a stream that sent a burst and then hung would outlive its limit; this does not.
    func stall() {
        let seconds = Double(request.stallTimeout.milliseconds) / 1000
        let silence = "no data for \(seconds) s (stall timeout)"
        continuation.finish(
            throwing: TransportError(
                kind: .stall, code: Int(CURLE_OPERATION_TIMEDOUT.rawValue), message: silence, url: request.url))
    }

    /// Ends the caller's stream with libcurl's result.
    func complete(_ result: CURLcode) {
        if result == CURLE_OK || abandoned {
            sendHeadOnce()
            continuation.finish()
            return
        }
        continuation.finish(throwing: transportError(result))
    }

    private func transportError(_ result: CURLcode) -> TransportError {
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        let kind: TransportError.Kind
        switch result {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .connect
        case CURLE_OPERATION_TIMEDOUT:
            kind = easy.map { arbor_curl_connected($0) != 0 } ?? false ? .stall : .connectTimeout
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            kind = .broken
        default: kind = .other
        }
        return TransportError(kind: kind, code: Int(result.rawValue), message: message, url: request.url)
    }
}

extension Duration {
    /// Whole milliseconds, rounded up, as libcurl's `_MS` options take them.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
