import Foundation

/// The pieces of OpenAI-compatible responses the client reads. Everything is optional because servers differ
/// (llama.cpp, vLLM, Ollama, hosted APIs) and a missing field should cost an estimate, not the answer.
struct WireChatResponse: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable { var content: String? }
        var index: Int?
        var message: Message?
        /// Streaming chunks carry `delta` instead of `message`.
        var delta: Message?
        /// Legacy completions carry `text`.
        var text: String?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, message, delta, text
            case finishReason = "finish_reason"
        }
    }

    var model: String?
    var choices: [Choice]?
    var usage: WireUsage?
    var error: WireError?
}

struct WireUsage: Decodable {
    var promptTokens: Int?
    var completionTokens: Int?
    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }
}

/// `{"error": {"message": …}}` or `{"error": "…"}`.
struct WireError: Decodable {
    var message: String
    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            message = text
            return
        }
        struct Object: Decodable { var message: String? }
        message = (try Object(from: decoder)).message ?? "no message"
    }
}

struct WireEmbeddingResponse: Decodable {
    struct Item: Decodable {
        var index: Int?
        var embedding: [Double]
    }
    var model: String?
    var data: [Item]
    var usage: WireUsage?
}

enum WireDecoding {
    /// Decodes `bytes` as `T`, or says in a sentence why not, with the start of the text for context.
    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], url: String) throws(ModelClientError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw .malformedResponse(url: url, reason: "\(summary(error)); the body began \(excerpt(bytes))")
        }
    }

    /// The server's own error message from an error body, or the body's start.
    static func errorMessage(_ bytes: [UInt8]) -> String {
        if let wire = try? JSONDecoder().decode(WireChatResponse.self, from: Data(bytes)), let error = wire.error {
            return error.message
        }
        return bytes.isEmpty ? "empty body" : excerpt(bytes)
    }

    static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(160), as: UTF8.self)
        return "\"" + text.replacingOccurrences(of: "\n", with: " ") + (bytes.count > 160 ? "…\"" : "\"")
    }

    private static func summary(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: "it is not valid JSON"
        case DecodingError.keyNotFound(let key, _): "it has no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        default: "it could not be decoded"
        }
    }
}
