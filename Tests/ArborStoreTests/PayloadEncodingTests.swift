import ArborCore
import Foundation
import Testing

@testable import ArborStore

@Suite("Payload encoding")
struct PayloadEncodingTests {
    @Test("the fast encoder writes exactly the bytes Event.encoder writes, for every kind")
    func sameBytesAsJSONEncoder() throws {
        let events = everyKindOfEvent()
        #expect(Set(events.map(\.kind)) == Set(EventKind.allCases))
        for event in events {
            var buffer = JSONBuffer()
            buffer.payload(of: event)
            let fast = String(decoding: buffer.bytes, as: UTF8.self)
            let reference = String(decoding: try event.encodedPayload(), as: UTF8.self)
            #expect(fast == reference, "\(event.kind)")
            #expect(try Event(kind: event.kind, payload: Data(buffer.bytes)) == event)
        }
    }

    @Test(
        "numbers come out as JSONEncoder writes them",
        arguments: [
            (0.0, "0"), (-0.0, "-0"), (1.0, "1"), (-3.0, "-3"), (0.1, "0.1"), (1e-5, "1e-05"), (1e20, "1e+20"),
            (123456789.5, "123456789.5"), (1e15, "1000000000000000"), (1e16, "1e+16"),
            (999999999999999.0, "999999999999999"),
        ])
    func numbers(value: Double, text: String) {
        var buffer = JSONBuffer()
        buffer.double(value)
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == text)
        let reference = String(decoding: try! JSONEncoder().encode([value]), as: UTF8.self)
        #expect("[\(text)]" == reference)
    }

    @Test("a number with no JSON form is flagged, not written as a bad payload")
    func nonFinite() {
        var buffer = JSONBuffer()
        buffer.payload(of: .backedUp(BackedUp(episode: 0, path: [0], value: .nan)))
        #expect(buffer.sawNonFinite)
    }
}
