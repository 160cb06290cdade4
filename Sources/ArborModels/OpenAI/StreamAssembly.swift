/// Builds a completion out of streamed chunks: the text of each choice, finish reasons, usage and model.
struct StreamAssembly {
    private(set) var texts: [String] = []
    private(set) var reasons: [String?] = []
    private(set) var usage: WireUsage?
    private(set) var model: String?

    /// Takes one event's data, passing text deltas on; true at `[DONE]`.
    mutating func take(
        _ data: String, url: String, output: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation
    ) throws -> Bool {
        let trimmed = data.trimmingCharacters(in: .whitespaces)
        if trimmed == "[DONE]" { return true }
        if trimmed.isEmpty { return false }
        let chunk = try WireDecoding.decode(WireChatResponse.self, Array(trimmed.utf8), url: url)
        if let error = chunk.error {
            throw ModelClientError.status(url: url, code: 200, message: error.message, attempts: 1)
        }
        if let name = chunk.model { model = name }
        if let wireUsage = chunk.usage { usage = wireUsage }
        for (offset, choice) in (chunk.choices ?? []).enumerated() {
            let index = max(0, choice.index ?? offset)
            while texts.count <= index {
                texts.append("")
                reasons.append(nil)
            }
            if let text = choice.delta?.content ?? choice.text ?? choice.message?.content, !text.isEmpty {
                texts[index] += text
                output.yield(.delta(choice: index, text: text))
            }
            if let reason = choice.finishReason { reasons[index] = reason }
        }
        return false
    }
}
