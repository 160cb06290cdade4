/// The project's one string hash for seeding (64-bit FNV-1a over UTF-8): stable across processes and machines,
/// unlike `String.hashValue`, which Swift randomises per process.
public enum FNV1a {
    public static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
