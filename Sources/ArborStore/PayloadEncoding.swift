import ArborCore

// Each payload written member by member, keys in the byte order `JSONEncoder.sortedKeys` uses, optionals omitted
// when nil — the bytes `Event.encoder` would produce. `PayloadEncodingTests` holds the two to the same output for
// every kind, so a field added to a payload in Core and forgotten here fails a test. `key(_:_:)` writes a key and
// its value, and nothing when the value is nil.

/// A payload the store writes without `JSONEncoder`: every ``EventPayload`` is one, by an extension below.
protocol StoredPayload: EventPayload {
    /// Appends the payload's members; ``JSONBuffer/payload(of:)`` writes the object's braces around them.
    func writeMembers(to buffer: inout JSONBuffer)
}

extension JSONBuffer {
    /// Appends the JSON of `event`'s payload.
    package mutating func payload(of event: Event) {
        var stored = Stored()
        beginObject()
        event.visit(&stored).writeMembers(to: &self)
        endObject()
    }

    private struct Stored: EventVisitor {
        func visit<Payload: EventPayload>(_ payload: Payload) -> any StoredPayload {
            guard let stored = payload as? any StoredPayload else {
                preconditionFailure("\(Payload.kind) events have no store encoding: write one in PayloadEncoding.swift")
            }
            return stored
        }
    }

    mutating func reflection(_ r: Reflection) {
        beginObject()
        key("action")
        string(r.action)
        key("expected")
        string(r.expected)
        key("happened")
        string(r.happened)
        key("hint")
        hint(r.hint)
        key("id")
        string(r.id)
        key("kind")
        string(r.kind.rawValue)
        key("lesson")
        string(r.lesson)
        key("state")
        string(r.state)
        key("surprise")
        double(r.surprise)
        key("task")
        string(r.task)
        key("taskID")
        string(r.taskID)
        endObject()
    }

    /// A dictionary of strings with its keys in byte order; the `runs.config` column stores this.
    mutating func stringMap(_ map: [String: String]) {
        beginObject()
        for name in map.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            dynamicKey(name)
            string(map[name] ?? "")
        }
        endObject()
    }

    /// A reflection's hint alone; the `reflections.hint` column stores this.
    mutating func hint(_ h: ReflectionHint) {
        beginObject()
        key("avoid")
        stringArray(h.avoid)
        key("prefer")
        stringArray(h.prefer)
        key("valueShift")
        double(h.valueShift)
        endObject()
    }

    mutating func nodeArray(_ nodes: [NodeID]) {
        beginArray()
        for node in nodes { int(node.rawValue) }
        endArray()
    }
}

extension RunStarted: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("config")
        buffer.stringMap(config)
        buffer.key("environment", environment)
        buffer.key("formatVersion", formatVersion)
        buffer.key("method", method)
        buffer.key("model", model)
        if let parent {
            buffer.key("parent")
            buffer.beginObject()
            buffer.key("episode", parent.episode)
            buffer.key("node", parent.node.rawValue)
            buffer.key("run", Int(parent.run))
            buffer.endObject()
        }
        if let prompts {
            buffer.key("prompts")
            buffer.stringMap(prompts.mapValues(\.rawValue))
        }
        buffer.key("seed")
        buffer.uint64(seed)
    }
}

extension EpisodeStarted: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("task", task)
        buffer.key("taskID", taskID)
    }
}

extension StepStarted: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("node", node.rawValue)
        buffer.key("step", step)
    }
}

extension IterationStarted: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("iteration", iteration)
        buffer.key("simulation", simulation)
        buffer.key("step", step)
    }
}

extension Selected: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("forced", forced)
        buffer.key("levels")
        buffer.beginArray()
        for level in levels {
            buffer.beginArray()
            for c in level {
                buffer.beginObject()
                buffer.key("node", c.node.rawValue)
                buffer.key("prior", c.prior)
                buffer.key("q", c.q)
                buffer.key("score", c.score)
                buffer.key("visits", c.visits)
                buffer.endObject()
            }
            buffer.endArray()
        }
        buffer.endArray()
        buffer.key("path")
        buffer.nodeArray(path)
        buffer.key("simulation", simulation)
    }
}

extension Expanded: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("children")
        buffer.beginArray()
        for child in children {
            buffer.beginObject()
            buffer.key("action", child.action)
            buffer.key("count", child.count)
            buffer.key("label", child.label)
            buffer.key("node", child.node.rawValue)
            buffer.key("prior", child.prior)
            buffer.key("rationale", child.rationale?.rawValue)
            buffer.endObject()
        }
        buffer.endArray()
        buffer.key("episode", episode)
        buffer.key("parent", parent.rawValue)
        // Written only when some sample gave no child, so logs from before rejected samples stay byte-identical.
        if let rejected, !rejected.isEmpty {
            buffer.key("rejected")
            buffer.beginArray()
            for sample in rejected {
                buffer.beginObject()
                buffer.key("count", sample.count)
                buffer.key("reason", sample.reason)
                buffer.key("text", sample.text)
                buffer.endObject()
            }
            buffer.endArray()
        }
        buffer.key("samples", samples)
        buffer.key("unparseable", unparseable)
    }
}

extension Observed: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        if !images.isEmpty {
            buffer.key("images")
            buffer.beginArray()
            for image in images {
                buffer.beginObject()
                buffer.key("format", image.format.rawValue)
                buffer.key("image", image.image.rawValue)
                buffer.key("size", image.size)
                buffer.endObject()
            }
            buffer.endArray()
        }
        buffer.key("node", node.rawValue)
        buffer.key("observation", observation.rawValue)
        buffer.key("reward", reward)
        buffer.key("success", success)
        buffer.key("terminal", terminal)
    }
}

extension Backtracked: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("actionsReplayed", actionsReplayed)
        buffer.key("durationMs", durationMs)
        buffer.key("episode", episode)
        buffer.key("instance", instance)
        buffer.key("method", method.rawValue)
        buffer.key("to", to.rawValue)
    }
}

extension Evaluated: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("method", method.rawValue)
        buffer.key("node", node.rawValue)
        buffer.key("samples")
        buffer.doubleArray(samples)
        buffer.key("value", value)
    }
}

extension Debate: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("node", node.rawValue)
        buffer.key("turns")
        buffer.beginArray()
        for turn in turns {
            buffer.beginObject()
            buffer.key("order", turn.order)
            buffer.key("role", turn.role.rawValue)
            buffer.key("text", turn.text.rawValue)
            buffer.key("vote", turn.vote)
            buffer.endObject()
        }
        buffer.endArray()
        buffer.key("value", value)
    }
}

extension BackedUp: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("path")
        buffer.nodeArray(path)
        if let rewards {
            buffer.key("rewards")
            buffer.doubleArray(rewards)
        }
        buffer.key("simulation", simulation)
        buffer.key("value", value)
    }
}

extension ReflectionsRetrieved: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("ids")
        buffer.stringArray(ids)
        buffer.key("kind", kind.rawValue)
        buffer.key("node", node.rawValue)
        buffer.key("scores")
        buffer.doubleArray(scores)
    }
}

extension ReflectionCreated: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("reflection")
        buffer.reflection(reflection)
    }
}

extension ActionCommitted: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("action", action)
        buffer.key("episode", episode)
        buffer.key("iterations", iterations)
        buffer.key("node", node.rawValue)
        buffer.key("step", step)
        buffer.key("stopReason", stopReason.rawValue)
    }
}

extension EpisodeEnded: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        if let environments {
            buffer.key("environments")
            buffer.beginObject()
            buffer.key("actionsReplayed", environments.actionsReplayed)
            buffer.key("instances", environments.instances)
            buffer.key("leases", environments.leases)
            buffer.key("replaced", environments.replaced)
            buffer.key("replayMs", environments.replayMs)
            buffer.key("replays", environments.replays)
            buffer.key("reused", environments.reused)
            buffer.endObject()
        }
        buffer.key("episode", episode)
        if let estimate {
            buffer.key("estimate")
            buffer.beginObject()
            buffer.key("meanQ", estimate.meanQ)
            buffer.key("succeeded", estimate.succeeded)
            buffer.endObject()
        }
        buffer.key("estimatedSuccess", estimatedSuccess)
        buffer.key("reason", reason.rawValue)
        buffer.key("reward", reward)
        buffer.key("steps", steps)
        buffer.key("success", success)
    }
}

extension ModelCallRecord: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("cached", cached)
        buffer.key("completion", completion?.rawValue)
        buffer.key("costUSD", costUSD)
        buffer.key("episode", episode)
        buffer.key("error", error)
        if let images {
            buffer.key("images")
            buffer.beginArray()
            for image in images {
                buffer.beginObject()
                buffer.key("detail", image.detail)
                buffer.key("image", image.image.rawValue)
                buffer.key("size", image.size)
                buffer.endObject()
            }
            buffer.endArray()
        }
        buffer.key("latencyMs", latencyMs)
        buffer.key("model", model)
        buffer.key("node", node?.rawValue)
        buffer.key("prompt", prompt?.rawValue)
        buffer.key("role", role.rawValue)
        buffer.key("tokensIn", tokensIn)
        buffer.key("tokensOut", tokensOut)
    }
}

extension Intervention: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("author", author)
        buffer.key("episode", episode)
        buffer.key("kind", kind.rawValue)
        buffer.key("node", node?.rawValue)
        buffer.key("note", note)
        buffer.key("outcome", outcome)
    }
}

extension ErrorRecord: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("episode", episode)
        buffer.key("message", message)
        buffer.key("node", node?.rawValue)
        buffer.key("source", source.rawValue)
    }
}

extension RunEnded: StoredPayload {
    func writeMembers(to buffer: inout JSONBuffer) {
        buffer.key("status", status.rawValue)
    }
}
