import ArborModels
import Foundation
import MockModelServer

#if canImport(Glibc)
    import Glibc
#endif

/// The same exchange over a plain blocking socket, no libcurl and no Swift concurrency: the reference the client's
/// per-request time is compared with, on the same loaded machine in the same run.
func rawExchange(port: UInt16, body: String) -> Bool {
    guard let fd = Loopback.connect(port: port) else { return false }
    defer { close(fd) }
    let message = Array(
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            .utf8)
    _ = message.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    while recv(fd, &buffer, buffer.count, 0) > 0 {}
    return true
}

// The OpenAI client against the loopback mock server. Each figure is printed beside its reference, measured in
// the same run: concurrency against one request, overhead against the server's fixed latency, first-token
// latency against the moment the server wrote the token.

let latency = Duration.milliseconds(200)
let reply =
    #"{"model":"mock","choices":[{"index":0,"message":{"content":"click [3]"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#
let slow = try MockModelServer { _ in [.pause(latency)] + MockStep.response(status: 200, body: reply) }
let fast = try MockModelServer { _ in MockStep.response(status: 200, body: reply) }
let streaming = try MockModelServer { request in
    let first = #"data: {"choices":[{"index":0,"delta":{"content":"click"}}]}"# + "\n\n"
    let rest =
        #"data: {"choices":[{"index":0,"delta":{"content":" [3]"},"finish_reason":"stop"}]}"#
        + "\n\ndata: [DONE]\n\n"
    return [
        MockStep.eventStreamHead(), .pause(latency), .write(Array(first.utf8)), .mark("first-\(request.index)"),
        .pause(.milliseconds(20)), .write(Array(rest.utf8)),
    ]
}

func client(_ server: MockModelServer, concurrency: Int = 64) throws -> OpenAIClient {
    var configuration = ModelConfiguration(baseURL: server.baseURL, model: "mock")
    configuration.concurrency = concurrency
    return try OpenAIClient(configuration: configuration, cacheMode: .disabled, environment: { _ in nil })
}

let request = ChatRequest(model: "mock", messages: [.user("Pick an action.")], maxTokens: 16)
func format(_ d: Duration) -> String {
    String(format: "%.2f ms", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000)
}

// 1. Concurrency: 32 requests at once against one, each with 200 ms of server latency.
let slowClient = try client(slow)
_ = try await slowClient.complete(request)  // warm up
var single = Duration.zero
for _ in 0..<3 {
    let t = ContinuousClock.now
    _ = try await slowClient.complete(request)
    single += (ContinuousClock.now - t) / 3
}
let t32 = ContinuousClock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<32 { group.addTask { _ = try await slowClient.complete(request) } }
    try await group.waitForAll()
}
let thirtyTwo = ContinuousClock.now - t32
let ratio =
    (Double(thirtyTwo.components.attoseconds) / 1e18 + Double(thirtyTwo.components.seconds))
    / (Double(single.components.attoseconds) / 1e18 + Double(single.components.seconds))
print(
    "32 concurrent requests: \(format(thirtyTwo))   one request: \(format(single))   ratio \(String(format: "%.2f", ratio))×   (target ≤ 1.30×)"
)
print(
    "client overhead over the server's fixed latency (one request): \(format(single - latency))   (reference: server latency \(format(latency)))"
)

// 2. Per-request overhead with a server that answers at once, sequentially.
let fastClient = try client(fast)
_ = try await fastClient.complete(request)
let rounds = 300
let tFast = ContinuousClock.now
for _ in 0..<rounds { _ = try await fastClient.complete(request) }
let perRequest = (ContinuousClock.now - tFast) / rounds
let tRaw = ContinuousClock.now
let body = #"{"max_tokens":16,"messages":[{"content":"Pick an action.","role":"user"}],"model":"mock"}"#
for _ in 0..<rounds { _ = rawExchange(port: fast.port, body: body) }
let rawPerRequest = (ContinuousClock.now - tRaw) / rounds
print(
    "one request to an instant loopback server: client \(format(perRequest)), plain socket \(format(rawPerRequest)); client overhead \(format(perRequest - rawPerRequest))   (target < 1 ms)"
)

// 3. First streamed token: from the server writing it to the client yielding it.
let streamClient = try client(streaming)
var streamedRequest = request
streamedRequest.stream = true
var gaps: [Duration] = []
for index in 0..<10 {
    var firstAt: ContinuousClock.Instant?
    for try await event in streamClient.stream(streamedRequest) {
        if case .delta = event, firstAt == nil { firstAt = .now }
    }
    if let firstAt, let sent = streaming.mark("first-\(index)") { gaps.append(firstAt - sent) }
}
gaps.sort()
let median = gaps.isEmpty ? Duration.zero : gaps[gaps.count / 2]
print(
    "first streamed token, server write → client delta: median \(format(median)), max \(format(gaps.last ?? .zero)) over \(gaps.count)   (target ≤ 5 ms)"
)
