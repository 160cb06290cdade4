import ArborCore
import Testing

@Suite struct SeedingTests {
    @Test func splitMixStreamsAreSeededAndDistinct() {
        var a = SplitMix64(seed: 42, stream: 0)
        var b = SplitMix64(seed: 42, stream: 0)
        var c = SplitMix64(seed: 42, stream: 1)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
        var plain = SplitMix64(seed: 0)
        // The reference SplitMix64 sequence from seed 0.
        #expect(plain.next() == 0xE220_A839_7B1D_CDAF)
        #expect(plain.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func mixIsTheFirstOutputOfAGeneratorSeededWithTheValue() {
        for value: UInt64 in [0, 1, 0x5eed, .max] {
            var generator = SplitMix64(seed: value)
            #expect(SplitMix64.mix(value) == generator.next())
        }
        #expect(SplitMix64.mix(0) == 0xE220_A839_7B1D_CDAF)
    }

    @Test func fnv1aMatchesTheReferenceValues() {
        #expect(FNV1a.hash("") == 0xCBF2_9CE4_8422_2325)
        #expect(FNV1a.hash("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(FNV1a.hash("foobar") == 0x8594_4171_F739_67E8)
    }
}
