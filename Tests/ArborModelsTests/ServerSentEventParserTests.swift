import ArborModels
import Testing

@Suite struct ServerSentEventParserTests {
    static let stream =
        ": ping\r\ndata: {\"a\":\"é\"}\r\n\r\nevent: x\ndata: line one\ndata: line two\n\ndata:[DONE]\r\r"

    @Test func everySplitPointGivesTheSameEvents() {
        let bytes = Array(Self.stream.utf8)
        for cut in 0...bytes.count {
            var parser = ServerSentEventParser()
            let events = parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...]) + parser.finish()
            #expect(events == [#"{"a":"é"}"#, "line one\nline two", "[DONE]"], "cut at \(cut)")
        }
    }

    @Test func byteAtATime() {
        var parser = ServerSentEventParser()
        var events: [String] = []
        for byte in Self.stream.utf8 { events += parser.feed([byte]) }
        #expect(events == [#"{"a":"é"}"#, "line one\nline two", "[DONE]"])
    }

    @Test func anUnterminatedLastEventIsDeliveredAtFinish() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("data: tail".utf8)) == [])
        #expect(parser.finish() == ["tail"])
    }
}
