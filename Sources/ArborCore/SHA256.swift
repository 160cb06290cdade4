/// SHA-256 (FIPS 180-4), used to address large texts by content. Written here because ArborCore links no C
/// and a content address must be the same on every platform Arbor runs on.
public enum SHA256 {
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private static let initial = SIMD8<UInt32>(
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)

    /// The digest of `bytes`, 32 bytes.
    public static func digest<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        let h = hash(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for index in 0..<8 {
            for shift in stride(from: 24, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: h[index] >> UInt32(shift)))
            }
        }
        return out
    }

    /// The digest of a string's UTF-8 bytes, as 64 lowercase hex digits.
    public static func hex(_ text: String) -> String { hex(of: hash(text.utf8)) }

    /// The digest of `bytes` (an image file's, say), as 64 lowercase hex digits.
    public static func hex(bytes: [UInt8]) -> String { hex(of: hash(bytes)) }

    private static func hex(of h: SIMD8<UInt32>) -> String {
        String(unsafeUninitializedCapacity: 64) { out in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digits in
                for index in 0..<8 {
                    let word = h[index]
                    for nibble in 0..<8 {
                        let digit = (word >> UInt32(28 - 4 * nibble)) & 0xf
                        out[index * 8 + nibble] = digits[Int(truncatingIfNeeded: digit)]
                    }
                }
            }
            return 64
        }
    }

    /// The eight state words after hashing `bytes`, read in place when they are contiguous (a native string's UTF-8
    /// is), so hashing an observation allocates nothing.
    private static func hash<Bytes: Collection>(_ bytes: Bytes) -> SIMD8<UInt32> where Bytes.Element == UInt8 {
        if let h = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return h }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }

    private static func hash(_ message: UnsafeRawBufferPointer) -> SIMD8<UInt32> {
        var h = initial
        k.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                let whole = message.count / 64 * 64
                var offset = 0
                while offset < whole {
                    compress(&h, UnsafeRawBufferPointer(rebasing: message[offset..<offset + 64]), w, k)
                    offset += 64
                }
                // The rest, then 0x80, zeros, and the length in bits as a big-endian UInt64: one block or two.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                    let rest = message.count - whole
                    tail.initialize(repeating: 0)
                    for index in 0..<rest { tail[index] = message[whole + index] }
                    tail[rest] = 0x80
                    let end = rest + 9 <= 64 ? 64 : 128
                    let bits = UInt64(message.count) &* 8
                    for index in 0..<8 { tail[end - 1 - index] = UInt8(truncatingIfNeeded: bits >> UInt64(8 * index)) }
                    let padded = UnsafeRawBufferPointer(tail)
                    compress(&h, UnsafeRawBufferPointer(rebasing: padded[0..<64]), w, k)
                    if end == 128 { compress(&h, UnsafeRawBufferPointer(rebasing: padded[64..<128]), w, k) }
                }
            }
        }
        return h
    }

    /// One 64-byte block of FIPS 180-4's compression function; `w` is scratch for the message schedule.
    @inline(__always)
    private static func compress(
        _ h: inout SIMD8<UInt32>, _ block: UnsafeRawBufferPointer, _ w: UnsafeMutableBufferPointer<UInt32>,
        _ k: UnsafeBufferPointer<UInt32>
    ) {
        for i in 0..<16 { w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
        // Eight rounds per pass with the roles of the working variables rotated by name, so no round moves them.
        for i in stride(from: 0, to: 64, by: 8) {
            round(a, b, c, &d, e, f, g, &hh, k[i] &+ w[i])
            round(hh, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
            round(g, hh, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
            round(f, g, hh, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
            round(e, f, g, &hh, a, b, c, &d, k[i + 4] &+ w[i + 4])
            round(d, e, f, &g, hh, a, b, &c, k[i + 5] &+ w[i + 5])
            round(c, d, e, &f, g, hh, a, &b, k[i + 6] &+ w[i + 6])
            round(b, c, d, &e, f, g, hh, &a, k[i + 7] &+ w[i + 7])
        }
        h &+= SIMD8(a, b, c, d, e, f, g, hh)
    }

    /// One round: `d` takes the new `e`, `h` the new `a`; the caller renames the rest.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
        _ h: inout UInt32, _ kw: UInt32
    ) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d = d &+ t1
        h = t1 &+ t2
    }

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
