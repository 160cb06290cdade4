import ArborModels
import MockModelServer

/// Response bodies in the shape OpenAI-compatible servers send, for scripting the mock server.
enum MockReplies {
    static func chat(_ texts: [String], promptTokens: Int? = 12, completionTokens: Int? = 3, model: String = "mock-1")
        -> String
    {
        let choices = texts.enumerated().map { index, text in
            #"{"index":\#(index),"message":{"role":"assistant","content":\#(json(text))},"finish_reason":"stop"}"#
        }
        var usage = ""
        if let promptTokens, let completionTokens {
            usage = #","usage":{"prompt_tokens":\#(promptTokens),"completion_tokens":\#(completionTokens)}"#
        }
        return
            #"{"id":"x","object":"chat.completion","model":"\#(model)","choices":[\#(choices.joined(separator: ","))]\#(usage)}"#
    }

    /// A streamed answer: one chunk per piece, then usage, then `[DONE]`.
    static func stream(_ pieces: [String], promptTokens: Int = 9, completionTokens: Int = 4) -> String {
        var text = ": keep-alive comment\n\n"
        for piece in pieces {
            text +=
                #"data: {"model":"mock-1","choices":[{"index":0,"delta":{"content":\#(json(piece))},"finish_reason":null}]}"#
            text += "\r\n\r\n"
        }
        text += #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n"
        text +=
            #"data: {"choices":[],"usage":{"prompt_tokens":\#(promptTokens),"completion_tokens":\#(completionTokens)}}"#
        text += "\n\ndata: [DONE]\n\n"
        return text
    }

    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A client for `server` that gives up quickly, so failing tests end fast.
    static func client(
        _ baseURL: String, attempts: Int = 3, cache: (any ResponseCache)? = nil, mode: CacheMode = .readWrite,
        configure: (inout ModelConfiguration) -> Void = { _ in }
    ) throws -> OpenAIClient {
        var configuration = ModelConfiguration(baseURL: baseURL, model: "mock-1")
        configuration.retry = RetryPolicy(
            maxAttempts: attempts, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
        configuration.connectTimeout = .seconds(1)
        configuration.stallTimeout = .seconds(1)
        configuration.responseTimeout = .seconds(1)
        configure(&configuration)
        return try OpenAIClient(
            configuration: configuration, cache: cache, cacheMode: mode,
            environment: { $0 == "OPENAI_API_KEY" ? "sk-test-SECRET-0123" : nil })
    }

    static let hello = ChatRequest(model: "mock-1", messages: [.user("Say hello")], maxTokens: 16)
}
