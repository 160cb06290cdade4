/// The most completions (`n`) a server lets one request ask for, read from its refusal. llama.cpp's server answers
/// a request over its cap with HTTP 400 and `Field 'n': Value must be between 1 <= value <= 4, but got 20`.
enum SampleCap {
    /// The cap a refusal of a request for `asked` samples states, or nil when the refusal is about something else.
    static func stated(in error: ModelClientError, asked: Int) -> Int? {
        guard case .status(_, 400, let message, _) = error else { return nil }
        let lower = message.lowercased()
        guard lower.contains("'n'") || lower.contains("\"n\"") || lower.contains("`n`") else { return nil }
        let patterns = [#/value\s*<=\s*(\d+)/#, #/at most\s+(\d+)/#, #/between\s+1\s+and\s+(\d+)/#]
        for pattern in patterns {
            guard let match = lower.firstMatch(of: pattern), let cap = Int(match.1) else { continue }
            return cap >= 1 && cap < asked ? cap : nil
        }
        return nil
    }
}
