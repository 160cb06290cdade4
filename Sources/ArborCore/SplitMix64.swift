/// The project's one seeded generator (Steele, Lea and Flood's SplitMix64): the same seed gives the same stream on
/// every machine and Swift version, which is what keeps worlds, tasks, the offline agent's noise and synthetic logs
/// reproducible. Swift's own generators and `Hasher` are seeded per process, so none of them can be used for this.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The golden-ratio increment added to the state at each step.
    public static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A stream of its own for `stream` (an episode, a node), so parallel work stays deterministic per stream.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* Self.gamma))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= Self.gamma
        return Self.finalise(state)
    }

    /// A value in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// The first output of a generator seeded with `value`: a bijective mix with good avalanche, for hashing a tuple
    /// of keys into one (`mix(mix(a) ^ b)`).
    public static func mix(_ value: UInt64) -> UInt64 { finalise(value &+ gamma) }

    private static func finalise(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
