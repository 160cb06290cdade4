import ArborCore

// Each payload written member by member, keys in the byte order `JSONEncoder.sortedKeys` uses, optionals omitted
// when nil — the bytes `Event.encoder` would produce. `PayloadEncodingTests` holds the two to the same output for
// every kind, so a field added to a payload in Core and forgotten here fails a test.

/// A payload the store writes without `JSONEncoder`: every ``EventPayload`` is one, by an extension below.
protocol StoredPayload: EventPayload {
    /// Appends the payload's JSON.
    func write(to buffer: inout JSONBuffer)
}

extension JSONBuffer {
    /// Appends the JSON of `event`'s payload.
    mutating func payload(of event: Event) {
        var stored = Stored()
        event.visit(&stored).write(to: &self)
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
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("config")
        buffer.stringMap(config)
        buffer.key("environment")
        buffer.string(environment)
        buffer.key("formatVersion")
        buffer.int(formatVersion)
        buffer.key("method")
        buffer.string(method)
        buffer.key("model")
        buffer.string(model)
        if let parent {
            buffer.key("parent")
            buffer.beginObject()
            buffer.key("episode")
            buffer.int(parent.episode)
            buffer.key("node")
            buffer.int(parent.node.rawValue)
            buffer.key("run")
            buffer.int(Int(parent.run))
            buffer.endObject()
        }
        buffer.key("seed")
        buffer.uint64(seed)
        buffer.endObject()
    }
}

extension EpisodeStarted: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("task")
        buffer.string(task)
        buffer.key("taskID")
        buffer.string(taskID)
        buffer.endObject()
    }
}

extension StepStarted: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("node")
        buffer.int(node.rawValue)
        buffer.key("step")
        buffer.int(step)
        buffer.endObject()
    }
}

extension IterationStarted: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("iteration")
        buffer.int(iteration)
        buffer.key("step")
        buffer.int(step)
        buffer.endObject()
    }
}

extension Selected: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("forced", forced)
        buffer.key("levels")
        buffer.beginArray()
        for level in levels {
            buffer.beginArray()
            for c in level {
                buffer.beginObject()
                buffer.key("node")
                buffer.int(c.node.rawValue)
                buffer.key("prior")
                buffer.double(c.prior)
                buffer.key("q")
                buffer.double(c.q)
                buffer.key("score")
                buffer.double(c.score)
                buffer.key("visits")
                buffer.int(c.visits)
                buffer.endObject()
            }
            buffer.endArray()
        }
        buffer.endArray()
        buffer.key("path")
        buffer.nodeArray(path)
        buffer.endObject()
    }
}

extension Expanded: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("children")
        buffer.beginArray()
        for child in children {
            buffer.beginObject()
            buffer.key("action")
            buffer.string(child.action)
            buffer.key("count")
            buffer.int(child.count)
            buffer.key("node")
            buffer.int(child.node.rawValue)
            buffer.key("prior")
            buffer.double(child.prior)
            buffer.key("rationale", child.rationale?.rawValue)
            buffer.endObject()
        }
        buffer.endArray()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("parent")
        buffer.int(parent.rawValue)
        buffer.key("samples")
        buffer.int(samples)
        buffer.key("unparseable")
        buffer.int(unparseable)
        buffer.endObject()
    }
}

extension Observed: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("node")
        buffer.int(node.rawValue)
        buffer.key("observation")
        buffer.string(observation.rawValue)
        buffer.key("reward")
        buffer.double(reward)
        buffer.key("success", success)
        buffer.key("terminal")
        buffer.bool(terminal)
        buffer.endObject()
    }
}

extension Backtracked: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("actionsReplayed")
        buffer.int(actionsReplayed)
        buffer.key("durationMs")
        buffer.double(durationMs)
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("method")
        buffer.string(method.rawValue)
        buffer.key("to")
        buffer.int(to.rawValue)
        buffer.endObject()
    }
}

extension Evaluated: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("method")
        buffer.string(method.rawValue)
        buffer.key("node")
        buffer.int(node.rawValue)
        buffer.key("samples")
        buffer.doubleArray(samples)
        buffer.key("value")
        buffer.double(value)
        buffer.endObject()
    }
}

extension Debate: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("node")
        buffer.int(node.rawValue)
        buffer.key("turns")
        buffer.beginArray()
        for turn in turns {
            buffer.beginObject()
            buffer.key("order", turn.order)
            buffer.key("role")
            buffer.string(turn.role.rawValue)
            buffer.key("text")
            buffer.string(turn.text.rawValue)
            buffer.key("vote", turn.vote)
            buffer.endObject()
        }
        buffer.endArray()
        buffer.key("value")
        buffer.double(value)
        buffer.endObject()
    }
}

extension BackedUp: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("path")
        buffer.nodeArray(path)
        buffer.key("value")
        buffer.double(value)
        buffer.endObject()
    }
}

extension ReflectionsRetrieved: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("ids")
        buffer.stringArray(ids)
        buffer.key("kind")
        buffer.string(kind.rawValue)
        buffer.key("node")
        buffer.int(node.rawValue)
        buffer.key("scores")
        buffer.doubleArray(scores)
        buffer.endObject()
    }
}

extension ReflectionCreated: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("reflection")
        buffer.reflection(reflection)
        buffer.endObject()
    }
}

extension ActionCommitted: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("action")
        buffer.string(action)
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("iterations")
        buffer.int(iterations)
        buffer.key("node")
        buffer.int(node.rawValue)
        buffer.key("step")
        buffer.int(step)
        buffer.key("stopReason")
        buffer.string(stopReason.rawValue)
        buffer.endObject()
    }
}

extension EpisodeEnded: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode")
        buffer.int(episode)
        buffer.key("estimatedSuccess")
        buffer.double(estimatedSuccess)
        buffer.key("reason")
        buffer.string(reason.rawValue)
        buffer.key("reward")
        buffer.double(reward)
        buffer.key("steps")
        buffer.int(steps)
        buffer.key("success")
        buffer.bool(success)
        buffer.endObject()
    }
}

extension ModelCallRecord: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("cached")
        buffer.bool(cached)
        buffer.key("completion", completion?.rawValue)
        buffer.key("costUSD", costUSD)
        buffer.key("episode", episode)
        buffer.key("error", error)
        buffer.key("latencyMs")
        buffer.double(latencyMs)
        buffer.key("model")
        buffer.string(model)
        buffer.key("node", node?.rawValue)
        buffer.key("prompt", prompt?.rawValue)
        buffer.key("role")
        buffer.string(role.rawValue)
        buffer.key("tokensIn")
        buffer.int(tokensIn)
        buffer.key("tokensOut")
        buffer.int(tokensOut)
        buffer.endObject()
    }
}

extension Intervention: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("author")
        buffer.string(author)
        buffer.key("episode", episode)
        buffer.key("kind")
        buffer.string(kind.rawValue)
        buffer.key("node", node?.rawValue)
        buffer.key("note", note)
        buffer.key("outcome")
        buffer.string(outcome)
        buffer.endObject()
    }
}

extension ErrorRecord: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("episode", episode)
        buffer.key("message")
        buffer.string(message)
        buffer.key("node", node?.rawValue)
        buffer.key("source")
        buffer.string(source.rawValue)
        buffer.endObject()
    }
}

extension RunEnded: StoredPayload {
    func write(to buffer: inout JSONBuffer) {
        buffer.beginObject()
        buffer.key("status")
        buffer.string(status.rawValue)
        buffer.endObject()
    }
}
