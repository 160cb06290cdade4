/// One failed attempt, before the retry loop decides whether to try again.
enum RetryableFailure: Error {
    case transport(TransportError)
    case status(Int, message: String, retryAfter: Duration?)
    /// A status not worth retrying (400, 401, 404, …).
    case final(Int, message: String)

    var isRetryable: Bool {
        switch self {
        case .transport(let error): error.isRetryable
        case .status: true
        case .final: false
        }
    }

    var retryAfter: Duration? {
        if case .status(_, _, let retryAfter) = self { return retryAfter }
        return nil
    }

    func clientError(url: String, attempts: Int) -> ModelClientError {
        switch self {
        case .transport(let error):
            switch error.kind {
            case .connect: .unreachable(url: url, reason: error.message, attempts: attempts)
            case .connectTimeout: .timedOut(url: url, stalled: false, reason: error.message, attempts: attempts)
            case .stall: .timedOut(url: url, stalled: true, reason: error.message, attempts: attempts)
            case .broken: .unreachable(url: url, reason: error.message, attempts: attempts)
            case .other: .transport(url: url, reason: error.message)
            }
        case .status(let code, let message, _), .final(let code, let message):
            .status(url: url, code: code, message: message, attempts: attempts)
        }
    }
}
