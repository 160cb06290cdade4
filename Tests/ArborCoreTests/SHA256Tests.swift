import ArborCore
import Testing

/// Lengths on both sides of the padding's one-block and two-block cases, and across whole blocks, against digests
/// computed by Python's hashlib.
@Suite struct SHA256Tests {
    /// `n` letters of a fixed pattern, so each length hashes a different text.
    private func letters(_ n: Int) -> String {
        String((0..<n).map { Character(Unicode.Scalar(UInt8(97 + ($0 * 7) % 26))) })
    }

    @Test(arguments: [
        (55, "7cda990214cc40c5e59b2a5f09f1c34da7ea4a7d44479d36b150ea7c04aa009a"),
        (56, "642b572edefc37c5664b4b95a7a83bdc5617dc06b241bfac5c8094b10fec734e"),
        (63, "125d5830922e3666b5891332b54f12d328861b7ec30fec51a03fa27bbe549642"),
        (64, "15c32cfa73534b3c34a1244e4331e3757b34daf267f6a7322d471c849e3a5c65"),
        (65, "ddd761939cd192b02ac5b652b6f4763b0351e0c40a325432c318b0aab6c4afc5"),
        (119, "a1913d07c18ff09efb38be9e5317b92e7a4cf103f6fb7448257c30c7cab59462"),
        (120, "f9fe9011baded2c49c901e5d4d74f66a00f057070e9e9d641b566eeea45f3be3"),
        (128, "fc49b6d718953707a8cb0ca90a5b9bd2703d166a18db96de7f288056ff6f62da"),
        (200, "6e8a846bf11e767a5b51b6d9176ef155dccf864f7a4974eec3799a2aef0577a9"),
    ])
    func digestsAtBlockBoundaries(length: Int, expected: String) {
        let text = letters(length)
        #expect(text.utf8.count == length)
        #expect(SHA256.hex(text) == expected)
        #expect(SHA256.digest(Array(text.utf8)).count == 32)
    }

    @Test func nonASCIITextHashesItsUTF8() {
        #expect(SHA256.hex("état – 木 🌲") == "954c7054d783806a3cb8254b6b3a84e03402c4d4852fcc765ec96c9671c81775")
    }

    @Test func digestBytesSpellTheHex() {
        let text = letters(70)
        let fromBytes = SHA256.digest(text.utf8).map { byte in
            String(byte >> 4, radix: 16) + String(byte & 0x0f, radix: 16)
        }.joined()
        #expect(fromBytes == SHA256.hex(text))
        // A collection without contiguous storage takes the copying path and must agree.
        #expect(SHA256.digest(text.utf8.lazy.map { $0 }) == SHA256.digest(Array(text.utf8)))
    }
}
