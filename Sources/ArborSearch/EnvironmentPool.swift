import ArborCore
import ArborEnvironments

/// The environment instances of one episode. Instance 0 is the episode's own environment: it serves the search one
/// thing at a time, and the commit, the outcome and a fork's prefix always use it.
///
/// With several simulations at once (``SearchConfig/simulations``) on an environment that cannot save its state, the
/// episode has a pool: each simulation of a wave leases an instance of its own, holds it from the moment its leaf is
/// reached until its children are recorded (their actions are grounded in the leaf's state), and gives it back. An
/// instance is handed to one simulation at a time; more are made on demand, up to the pool's capacity
/// (``SearchConfig/environments``, K by default), kept across waves and steps, and closed when the episode ends. A
/// lease prefers an instance already in the leaf's state, then one in its parent's (one step away), so that most
/// simulations need no reset and replay.
///
/// Without a pool (one simulation at a time, an environment with snapshots, or a capacity of 1) instance 0 serves
/// every simulation of a wave in turn, restored or replayed to each leaf when it is needed there.
final class EnvironmentPool {
    /// Makes one more instance of the episode's environment.
    typealias Factory = () async throws -> any Environment

    /// One instance and what the episode knows of it.
    struct Instance {
        var environment: any Environment
        /// The node whose state the instance is in; nil when unknown (new, or after a failure).
        var at: NodeID?
        /// A simulation holds it.
        var leased = false
        /// Closed after it failed, with no replacement made (the making failed too).
        var closed = false
    }

    private(set) var instances: [Instance]
    /// How many instances may be open at once; 1 when the episode has no pool.
    let capacity: Int
    private let make: Factory?
    /// What the pool did, for the episode's end; counted only when the episode has a pool.
    private(set) var usage = EnvironmentPoolUsage(instances: 1)

    /// A pool holding `lead`, the episode's own environment, and at most `capacity` instances in all, made by
    /// `make`; no pool when `make` is nil or `capacity` is 1.
    init(lead: any Environment, capacity: Int, make: Factory?) {
        instances = [Instance(environment: lead)]
        self.make = make
        self.capacity = make == nil ? 1 : max(capacity, 1)
    }

    /// Whether simulations lease instances of their own.
    var isPool: Bool { capacity > 1 }

    subscript(instance: Int) -> Instance {
        get { instances[instance] }
        set { instances[instance] = newValue }
    }

    /// How the pool served the episode, when it had one.
    var recordedUsage: EnvironmentPoolUsage? { isPool ? usage : nil }

    /// Whether a simulation could lease an instance now: always without a pool (instance 0 serves every one).
    var canLease: Bool {
        !isPool || instances.contains { !$0.leased } || instances.count < capacity
    }

    /// Hands a simulation at `leaf` an instance: one already in its state, else one in `parent`'s, else the first
    /// idle one, else a new one. Without a pool it is always instance 0.
    func lease(for leaf: NodeID, parent: NodeID?) async throws -> Int {
        guard isPool else { return 0 }
        usage.leases += 1
        let idle = instances.indices.filter { !instances[$0].leased }
        let chosen: Int
        if let ready = idle.first(where: { instances[$0].at == leaf })
            ?? idle.first(where: { parent != nil && instances[$0].at == parent })
        {
            usage.reused += 1
            chosen = ready
        } else if let first = idle.first {
            chosen = first
        } else {
            precondition(instances.count < capacity, "a lease asked of a pool with every instance leased")
            instances.append(Instance(environment: try await made()))
            chosen = instances.count - 1
        }
        instances[chosen].leased = true
        return chosen
    }

    /// Gives an instance back to the pool.
    func release(_ instance: Int) {
        instances[instance].leased = false
    }

    /// Gives every instance back (a wave that failed or was cancelled).
    func releaseAll() {
        for index in instances.indices { instances[index].leased = false }
    }

    /// Closes an instance that failed and puts a new one in its place, still leased to the same simulation.
    func replace(_ instance: Int) async throws {
        precondition(instance != 0, "the episode's own environment is not replaced")
        let failed = instances[instance].environment
        instances[instance].at = nil
        instances[instance].closed = true
        await failed.close()
        usage.replaced += 1
        instances[instance].environment = try await made()
        instances[instance].closed = false
    }

    /// Counts a reset-and-replay by any instance.
    func countReplay(actions: Int, milliseconds: Double) {
        usage.replays += 1
        usage.actionsReplayed += actions
        usage.replayMs += milliseconds
    }

    /// Closes every instance but the episode's own (its maker closes that one), leaving the pool empty of them.
    func closeMade() async {
        let extra = instances.dropFirst()
        instances.removeSubrange(1...)
        for instance in extra where !instance.closed { await instance.environment.close() }
    }

    private func made() async throws -> any Environment {
        guard let make else { preconditionFailure("an instance asked of an episode with no pool") }
        let environment = try await make()
        usage.instances += 1
        return environment
    }
}
