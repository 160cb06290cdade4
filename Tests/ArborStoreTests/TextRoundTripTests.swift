import ArborCore
import ArborTesting
import Foundation
import Testing

@testable import ArborStore

/// Text comes back byte for byte: a page, a prompt or a completion may hold NULs and every other control, and what
/// follows a NUL is part of the training data, not to be dropped.
@Suite(.postgresServer) struct TextRoundTripTests {
    /// Every scalar from U+0000 to U+00FF on its own and between text, NULs at both ends and in the middle, and the
    /// whole range in one page.
    static let texts: [String] =
        (0...255).flatMap { value -> [String] in
            let scalar = String(Character(Unicode.Scalar(UInt8(value))))
            return [scalar, "before" + scalar + "after"]
        } + [
            "\u{0}", "\u{0}\u{0}leading", "trailing\u{0}", "page one\u{0}page two\u{0}\u{0}page three ✓ 中",
            String(String.UnicodeScalarView((0...255).compactMap { Unicode.Scalar($0) })),
        ]

    @Test(arguments: StoreBackend.allCases) func everyByteValueRoundTripsThroughABlob(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let store = try backend.newStore(in: folder).store
        defer { store.close() }
        let recorder = try store.startRun(
            RunStarted(environment: "e", model: "m", method: "greedy", seed: 0), blobs: [])
        let blobs = Self.texts.map(Blob.init)
        for (index, blob) in blobs.enumerated() {
            recorder.append(
                .observed(
                    Observed(
                        episode: 0, node: NodeID(index), observation: blob.ref, reward: 0, terminal: false,
                        success: nil)), blobs: [blob])
        }
        try recorder.finish()
        for (text, blob) in zip(Self.texts, blobs) {
            let read = try store.blob(blob.ref)
            #expect(read == text, "\(Array(text.utf8)) read back as \(read.map { Array($0.utf8) } ?? [])")
        }
        #expect(try store.blob(BlobRef(rawValue: String(repeating: "0", count: 64))) == nil)
    }
}
