import ArborCore
import Foundation

/// Noise for one call of the offline agent, derived by hashing (seed, episode, node, attempt, role, sample) so that
/// what an agent says depends on those inputs alone: never on the order calls arrive in, nor on concurrency.
///
/// Numbers mix in through ``SplitMix64/mix(_:)`` and strings through ``FNV1a`` (Swift's `Hasher` is seeded per
/// process, so it would break reproducibility).
struct SeededNoise: Sendable {
    private let key: UInt64

    init(seed: UInt64, episode: Int, node: NodeID, attempt: Int, role: ModelRole, sample: Int) {
        var k = SplitMix64.mix(seed)
        for part in [
            UInt64(bitPattern: Int64(episode)), UInt64(bitPattern: Int64(node.rawValue)),
            UInt64(bitPattern: Int64(attempt)), FNV1a.hash(role.rawValue), UInt64(bitPattern: Int64(sample)),
        ] {
            k = SplitMix64.mix(k ^ part)
        }
        key = k
    }

    private init(key: UInt64) { self.key = key }

    /// Independent noise for a named thing within this call (a candidate action, a judge's order).
    func child(_ label: String) -> SeededNoise { SeededNoise(key: SplitMix64.mix(key ^ FNV1a.hash(label))) }

    /// Uniform in the open interval (0, 1).
    var uniform: Double { (Double(SplitMix64.mix(key ^ SplitMix64.gamma) >> 11) + 0.5) / Double(UInt64(1) << 53) }

    /// Standard Gumbel: argmax(score + gumbel) samples from softmax(score).
    var gumbel: Double { -log(-log(uniform)) }

    /// Standard normal (Box–Muller on two derived uniforms).
    var normal: Double {
        let u1 = uniform
        let u2 = child("normal").uniform
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
