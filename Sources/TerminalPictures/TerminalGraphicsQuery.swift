import Glibc

/// Asking a terminal which image protocol it speaks: the query Arbor writes and how it reads the replies. Three
/// questions go out together — kitty's graphics query, XTVERSION (the terminal's name) and DA1 (its attributes) —
/// and since every terminal answers DA1, its reply, which comes last, ends the wait.
public enum TerminalGraphicsQuery {
    /// kitty: "would you accept this 1×1 image?" (`a=q` only queries; nothing is shown), then `CSI > q` and `CSI c`.
    public static let query: [UInt8] = Array(
        ("\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\" + "\u{1B}[>q" + "\u{1B}[c").utf8)

    /// Whether `reply` holds the DA1 answer (`CSI ? … c`), so nothing more is coming.
    public static func isComplete(_ reply: [UInt8]) -> Bool { deviceAttributes(in: reply) != nil }

    /// The protocol the replies (and `environment`, for iTerm2's `TERM_PROGRAM`) say the terminal speaks, best
    /// first: kitty's graphics, then iTerm2's inline images, then sixel (DA1 attribute 4); nil means symbol art.
    public static func protocolFrom(reply: [UInt8], environment: [String: String]) -> ImageProtocol? {
        let text = String(decoding: reply, as: UTF8.self)
        if text.contains("\u{1B}_Gi=31;OK") { return .kitty }
        if let version = terminalVersion(in: text), version.contains("iTerm2") { return .iterm }
        if environment["TERM_PROGRAM"] == "iTerm.app" { return .iterm }
        if let attributes = deviceAttributes(in: reply), attributes.contains(4) { return .sixel }
        return nil
    }

    /// The name XTVERSION gave (`DCS > | name ST`), if it answered.
    static func terminalVersion(in text: String) -> String? {
        guard let start = text.range(of: "\u{1B}P>|") else { return nil }
        let rest = text[start.upperBound...]
        guard let end = rest.range(of: "\u{1B}\\") else { return nil }
        return String(rest[..<end.lowerBound])
    }

    /// The attributes of the DA1 answer (`CSI ? 62 ; 4 ; 22 c` gives [62, 4, 22]), if it is in `reply`.
    static func deviceAttributes(in reply: [UInt8]) -> [Int]? {
        let prefix: [UInt8] = [0x1B, UInt8(ascii: "["), UInt8(ascii: "?")]
        var i = 0
        while i + prefix.count <= reply.count {
            defer { i += 1 }
            guard Array(reply[i..<i + prefix.count]) == prefix else { continue }
            var j = i + prefix.count
            var numbers: [Int] = []
            var current = ""
            while j < reply.count {
                let byte = reply[j]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    current.append(Character(Unicode.Scalar(byte)))
                } else if byte == UInt8(ascii: ";") {
                    numbers.append(Int(current) ?? 0)
                    current = ""
                } else if byte == UInt8(ascii: "c") {
                    numbers.append(Int(current) ?? 0)
                    return numbers
                } else {
                    break
                }
                j += 1
            }
        }
        return nil
    }
}

extension TerminalGraphicsQuery {
    /// Asks the terminal on `input`/`output` (raw, not echoing: as the front end holds it) and reads its replies for
    /// at most `timeout` seconds: the protocol it speaks, or nil (symbol art) when it names none or answers nothing.
    public static func detect(
        input: Int32, output: Int32, timeout: Double, environment: [String: String]
    ) -> ImageProtocol? {
        let reply = exchange(input: input, output: output, timeout: timeout)
        return protocolFrom(reply: reply, environment: environment)
    }

    /// Writes ``query`` and collects what comes back until the DA1 answer or the deadline.
    static func exchange(input: Int32, output: Int32, timeout: Double) -> [UInt8] {
        var written = 0
        while written < query.count {
            let n = query[written...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return [] }
            written += n
        }
        var reply: [UInt8] = []
        let deadline = monotonicSeconds() + timeout
        var buffer = [UInt8](repeating: 0, count: 512)
        while !isComplete(reply) {
            let left = deadline - monotonicSeconds()
            guard left > 0 else { break }
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32((left * 1000).rounded(.up)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            reply += buffer[0..<n]
        }
        return reply
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
