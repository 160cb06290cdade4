import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One accepted connection: reads one request, plays the script's steps, notices a client that hangs up.
struct MockConnection {
    let fd: Int32
    let log: ServerLog

    func serve(_ script: @Sendable (MockRequest) -> [MockStep]) {
        guard let request = readRequest() else { return }
        let recorded = log.record(request)
        let steps = script(recorded)
        log.beganServing()
        var serving = true
        defer { if serving { log.finishedServing() } }
        for (index, step) in steps.enumerated() {
            // The request stops counting as in service before its last bytes go out: once the client has them it
            // may open its next connection, and that must not look like one more at once.
            if index == steps.count - 1 {
                log.finishedServing()
                serving = false
            }
            switch step {
            case .write(let bytes):
                guard writeAll(bytes) else {
                    log.clientClosed()
                    return
                }
            case .pause(let duration):
                guard waitWhileConnected(for: duration) else { return }
            case .hang:
                _ = waitWhileConnected(for: nil)
                return
            case .mark(let label): log.mark(label)
            case .run(let action): action()
            case .gather(let count, let timeout):
                let deadline = ContinuousClock.now + timeout
                while log.peakServing < count && ContinuousClock.now < deadline {
                    guard waitWhileConnected(for: .milliseconds(2)) else { return }
                }
            }
        }
    }

    private func readRequest() -> MockRequest? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        while headerEnd == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            buffer += chunk[0..<n]
            headerEnd = Self.find([13, 10, 13, 10], in: buffer)
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Array(buffer[(end + 4)...])
        while body.count < length {
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            body += chunk[0..<n]
        }
        return MockRequest(
            method: requestLine.first.map(String.init) ?? "",
            path: requestLine.dropFirst().first.map(String.init) ?? "",
            headers: headers, body: body, index: 0)
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    /// Waits `duration` (forever when nil) or until the server stops; false when the client hung up meanwhile.
    private func waitWhileConnected(for duration: Duration?) -> Bool {
        let deadline = duration.map { ContinuousClock.now + $0 }
        while !log.stopped {
            var remaining = 20
            if let deadline {
                let left = deadline - ContinuousClock.now
                if left <= .zero { return true }
                remaining = min(
                    20,
                    max(
                        0,
                        Int(left.components.seconds) * 1000 + Int(left.components.attoseconds / 1_000_000_000_000_000)))
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, Int32(remaining)) > 0 {
                var byte: UInt8 = 0
                if recv(fd, &byte, 1, Int32(MSG_PEEK)) <= 0 {
                    log.clientClosed()
                    return false
                }
            }
        }
        return false
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
