import ArborCore
import Foundation
import Testing

@Suite struct ImageBlobTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]

    @Test func formatsAreToldByTheirSignature() {
        #expect(ImageFormat(signatureOf: Self.png) == .png)
        #expect(ImageFormat(signatureOf: [0xFF, 0xD8, 0xFF, 0xE0, 0]) == .jpeg)
        #expect(ImageFormat(signatureOf: Array("GIF89a...".utf8)) == .gif)
        #expect(ImageFormat(signatureOf: Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ImageFormat(signatureOf: Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)) == nil)
        #expect(ImageFormat(signatureOf: Array("<html>".utf8)) == nil)
        #expect(ImageFormat(signatureOf: [0x89, 0x50]) == nil)
        #expect(EncodedImage(bytes: []) == nil)
        #expect(ImageFormat.jpeg.mediaType == "image/jpeg")
        #expect(ImageFormat.jpeg.fileExtension == "jpg")
    }

    @Test func anImageBlobIsAddressedByItsBytes() throws {
        let image = try #require(EncodedImage(bytes: Self.png))
        let blob = Blob(image: image)
        #expect(blob.ref.rawValue == SHA256.hex(bytes: Self.png))
        #expect(SHA256.hex(bytes: Array("abc".utf8)) == SHA256.hex("abc"))
        #expect(blob.text == nil)
        #expect(blob.image == image)
        #expect(ObservedImage(blob) == ObservedImage(image: blob.ref, format: .png, size: 11))
        #expect(ObservedImage(Blob("text")) == nil)
    }

    @Test func anObservationWithoutImagesEncodesAsBeforeAndOldLogsDecode() throws {
        let ref = BlobRef(rawValue: "ab")
        let plain = Event.observed(
            Observed(episode: 0, node: .root, observation: ref, reward: 0, terminal: false, success: nil))
        #expect(
            String(decoding: try plain.encodedPayload(), as: UTF8.self)
                == #"{"episode":0,"node":0,"observation":"ab","reward":0,"terminal":false}"#)
        let old = Data(#"{"episode":0,"node":0,"observation":"ab","reward":0,"terminal":false}"#.utf8)
        #expect(try Event(kind: .observed, payload: old) == plain)

        let shot = ObservedImage(image: BlobRef(rawValue: "cd"), format: .png, size: 153)
        let withImage = Event.observed(
            Observed(
                episode: 0, node: .root, observation: ref, reward: 0, terminal: false, success: nil, images: [shot]))
        let text = String(decoding: try withImage.encodedPayload(), as: UTF8.self)
        #expect(
            text == #"{"episode":0,"images":[{"format":"png","image":"cd","size":153}],"node":0,"#
                + #""observation":"ab","reward":0,"terminal":false}"#)
        #expect(try Event(kind: .observed, payload: Data(text.utf8)) == withImage)
    }

    @Test func theFoldKeepsEachNodesLatestImages() throws {
        let shot = ObservedImage(image: BlobRef(rawValue: "cd"), format: .png, size: 153)
        let page = BlobRef(rawValue: "ab")
        let events: [Event] = [
            .runStarted(RunStarted(environment: "e", model: "m", method: "greedy", seed: 0)),
            .episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "task")),
            .observed(
                Observed(
                    episode: 0, node: .root, observation: page, reward: 0, terminal: false, success: nil,
                    images: [shot])),
        ]
        let records = events.enumerated().map { EventRecord(seq: Int64($0 + 1), time: 0, event: $1) }
        var state = try RunState(records)
        #expect(state.episodes[0]?.images[.root] == [shot])
        try state.apply(
            EventRecord(
                seq: 4, time: 0,
                event: .observed(
                    Observed(episode: 0, node: .root, observation: page, reward: 0, terminal: false, success: nil))))
        #expect(state.episodes[0]?.images[.root] == nil)
    }
}
