import ArborCore
import Foundation

/// Noise for one call of the offline agent, derived by hashing (seed, episode, node, attempt, role, sample) so that
/// what an agent says depends on those inputs alone: never on the order calls arrive in, nor on concurrency.
///
/// Strings mix in through FNV-1a (Swift's `Hasher` is seeded per process, so it would break reproducibility).
struct SeededNoise: Sendable {
    private let key: UInt64

    init(seed: UInt64, episode: Int, node: NodeID, attempt: Int, role: ModelRole, sample: Int) {
        var k = Self.mix(seed)
        for part in [
            UInt64(bitPattern: Int64(episode)), UInt64(bitPattern: Int64(node.rawValue)),
            UInt64(bitPattern: Int64(attempt)), Self.fnv(role.rawValue), UInt64(bitPattern: Int64(sample)),
        ] {
            k = Self.mix(k ^ part)
        }
        key = k
    }

    private init(key: UInt64) { self.key = key }

    /// Independent noise for a named thing within this call (a candidate action, a judge's order).
    func child(_ label: String) -> SeededNoise { SeededNoise(key: Self.mix(key ^ Self.fnv(label))) }

    /// Uniform in the open interval (0, 1).
    var uniform: Double { (Double(Self.mix(key ^ 0x9E37_79B9_7F4A_7C15) >> 11) + 0.5) / Double(UInt64(1) << 53) }

    /// Standard Gumbel: argmax(score + gumbel) samples from softmax(score).
    var gumbel: Double { -log(-log(uniform)) }

    /// Standard normal (Box–Muller on two derived uniforms).
    var normal: Double {
        let u1 = uniform
        let u2 = child("normal").uniform
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// SplitMix64's finaliser: a bijective mix with good avalanche.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func fnv(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
