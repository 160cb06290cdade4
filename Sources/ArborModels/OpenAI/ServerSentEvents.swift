/// An incremental parser for `text/event-stream`: feed it bytes cut anywhere (mid-line, mid-character) and it
/// returns each event's data once the blank line that ends it has arrived. Follows the WHATWG rules that
/// matter here: `\n`, `\r\n` or `\r` line ends; `data:` lines joined by newlines; comments and other fields
/// ignored; an event with no data is not dispatched.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var data: [String] = []
    private var hasData = false
    /// The last byte was `\r`, so a following `\n` belongs to the same line end.
    private var afterCarriageReturn = false

    public init() {}

    /// The data of every event completed by `bytes`.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [String] where Bytes.Element == UInt8 {
        var events: [String] = []
        for byte in bytes {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0A: endLine(into: &events)
            case 0x0D:
                afterCarriageReturn = true
                endLine(into: &events)
            default: line.append(byte)
            }
        }
        return events
    }

    /// The event still open when the stream ends without a final blank line (servers that just close).
    public mutating func finish() -> [String] {
        var events: [String] = []
        if !line.isEmpty { endLine(into: &events) }
        endLine(into: &events)
        return events
    }

    private mutating func endLine(into events: inout [String]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if hasData { events.append(data.joined(separator: "\n")) }
            data.removeAll()
            hasData = false
            return
        }
        if line.first == 0x3A { return }  // ":" starts a comment (keep-alive pings)
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        if field == "data" {
            data.append(String(value))
            hasData = true
        }
    }
}
