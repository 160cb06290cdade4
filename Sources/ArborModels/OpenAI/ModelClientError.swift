/// Why a model call failed for good (after any retries), in words that say what to do.
public enum ModelClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing answered at the endpoint: refused, unreachable, unknown host.
    case unreachable(url: String, reason: String, attempts: Int)
    /// No connection within the connect timeout, or the response went silent past the stall timeout.
    case timedOut(url: String, stalled: Bool, reason: String, attempts: Int)
    /// The server answered with an error status; `message` is its own explanation when it gave one.
    case status(url: String, code: Int, message: String, attempts: Int)
    /// The server answered 200 with something that is not the expected JSON.
    case malformedResponse(url: String, reason: String)
    /// `--cache-only` and this exact request was never recorded.
    case cacheMiss(model: String, key: String)
    /// Any other transfer failure libcurl reported (a malformed URL, a TLS problem).
    case transport(url: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let url, let reason, let attempts):
            "could not reach \(url) (\(reason); \(attempts) attempt\(attempts == 1 ? "" : "s")). Is the model "
                + "server running? Check --base-url or OPENAI_BASE_URL."
        case .timedOut(let url, let stalled, let reason, let attempts):
            stalled
                ? "\(url) stopped sending mid-response (\(reason); \(attempts) attempts). The server may be "
                    + "overloaded; raise stall_timeout in arbor.toml if generations are slow."
                : "\(url) did not accept a connection in time (\(reason); \(attempts) attempts). Check the "
                    + "address, or raise connect_timeout in arbor.toml."
        case .status(let url, let code, let message, let attempts):
            "\(url) answered HTTP \(code): \(message) (\(attempts) attempt\(attempts == 1 ? "" : "s")). "
                + Self.advice(code)
        case .malformedResponse(let url, let reason):
            "\(url) answered with something that is not an OpenAI-compatible response: \(reason). Check that "
                + "--base-url points at the API root (usually ending in /v1)."
        case .cacheMiss(let model, let key):
            "--cache-only: no recorded response for this \(model) request (key \(key.prefix(12))). Run once "
                + "without --cache-only to record it."
        case .transport(let url, let reason): "request to \(url) failed: \(reason)"
        }
    }

    /// The same error with `secret` (the API key) replaced wherever it appears: some proxies echo the request's
    /// Authorization header in their error body, and an error is stored and printed.
    public func redacting(_ secret: String) -> ModelClientError {
        guard !secret.isEmpty else { return self }
        func clean(_ text: String) -> String { text.replacingOccurrences(of: secret, with: "[API key]") }
        return switch self {
        case .unreachable(let url, let reason, let attempts):
            .unreachable(url: clean(url), reason: clean(reason), attempts: attempts)
        case .timedOut(let url, let stalled, let reason, let attempts):
            .timedOut(url: clean(url), stalled: stalled, reason: clean(reason), attempts: attempts)
        case .status(let url, let code, let message, let attempts):
            .status(url: clean(url), code: code, message: clean(message), attempts: attempts)
        case .malformedResponse(let url, let reason): .malformedResponse(url: clean(url), reason: clean(reason))
        case .cacheMiss(let model, let key): .cacheMiss(model: clean(model), key: key)
        case .transport(let url, let reason): .transport(url: clean(url), reason: clean(reason))
        }
    }

    private static func advice(_ code: Int) -> String {
        switch code {
        case 401, 403: "Check the API key (the variable named by --api-key-env, OPENAI_API_KEY by default)."
        case 404: "Check --model and that --base-url ends in /v1."
        case 429: "The endpoint is rate-limiting; lower concurrency in arbor.toml or wait."
        case 501: "The server does not offer this endpoint; use one that does, or leave the role unconfigured."
        case 500...599: "The server failed; it may be overloaded or restarting."
        default: "Check the request settings (model, max_tokens, stop)."
        }
    }
}
