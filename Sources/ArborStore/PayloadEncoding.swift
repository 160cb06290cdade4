import ArborCore

// Each payload written member by member, keys in the byte order `JSONEncoder.sortedKeys` uses, optionals omitted
// when nil — the bytes `Event.encoder` would produce. `PayloadEncodingTests` holds the two to the same output for
// every kind, so a field added to a payload in Core and forgotten here fails a test.

extension JSONBuffer {
    /// Appends the JSON of `event`'s payload.
    mutating func payload(of event: Event) {
        switch event {
        case .runStarted(let e): runStarted(e)
        case .episodeStarted(let e):
            beginObject()
            key("episode"); int(e.episode)
            key("task"); string(e.task)
            key("taskID"); string(e.taskID)
            endObject()
        case .stepStarted(let e):
            beginObject()
            key("episode"); int(e.episode)
            key("node"); int(e.node.rawValue)
            key("step"); int(e.step)
            endObject()
        case .iterationStarted(let e):
            beginObject()
            key("episode"); int(e.episode)
            key("iteration"); int(e.iteration)
            key("step"); int(e.step)
            endObject()
        case .selected(let e): selected(e)
        case .expanded(let e): expanded(e)
        case .observed(let e):
            beginObject()
            key("episode"); int(e.episode)
            key("node"); int(e.node.rawValue)
            key("observation"); string(e.observation.rawValue)
            key("reward"); double(e.reward)
            key("success", e.success)
            key("terminal"); bool(e.terminal)
            endObject()
        case .backtracked(let e):
            beginObject()
            key("actionsReplayed"); int(e.actionsReplayed)
            key("durationMs"); double(e.durationMs)
            key("episode"); int(e.episode)
            key("method"); string(e.method.rawValue)
            key("to"); int(e.to.rawValue)
            endObject()
        case .evaluated(let e):
            beginObject()
            key("episode"); int(e.episode)
            key("method"); string(e.method.rawValue)
            key("node"); int(e.node.rawValue)
            key("samples"); doubleArray(e.samples)
            key("value"); double(e.value)
            endObject()
        case .debate(let e): debate(e)
        case .backedUp(let e):
            beginObject()
            key("episode"); int(e.episode)
            key("path"); nodeArray(e.path)
            key("value"); double(e.value)
            endObject()
        case .reflectionsRetrieved(let e):
            beginObject()
            key("episode"); int(e.episode)
            key("ids"); stringArray(e.ids)
            key("kind"); string(e.kind.rawValue)
            key("node"); int(e.node.rawValue)
            key("scores"); doubleArray(e.scores)
            endObject()
        case .reflectionCreated(let e):
            beginObject()
            key("episode"); int(e.episode)
            key("reflection"); reflection(e.reflection)
            endObject()
        case .actionCommitted(let e):
            beginObject()
            key("action"); string(e.action)
            key("episode"); int(e.episode)
            key("iterations"); int(e.iterations)
            key("node"); int(e.node.rawValue)
            key("step"); int(e.step)
            key("stopReason"); string(e.stopReason.rawValue)
            endObject()
        case .episodeEnded(let e):
            beginObject()
            key("episode"); int(e.episode)
            key("estimatedSuccess"); double(e.estimatedSuccess)
            key("reason"); string(e.reason)
            key("reward"); double(e.reward)
            key("steps"); int(e.steps)
            key("success"); bool(e.success)
            endObject()
        case .modelCall(let e): modelCall(e)
        case .intervention(let e):
            beginObject()
            key("author"); string(e.author)
            key("episode", e.episode)
            key("kind"); string(e.kind.rawValue)
            key("node", e.node?.rawValue)
            key("note", e.note)
            key("outcome"); string(e.outcome)
            endObject()
        case .error(let e):
            beginObject()
            key("episode", e.episode)
            key("message"); string(e.message)
            key("node", e.node?.rawValue)
            key("source"); string(e.source)
            endObject()
        case .runEnded(let e):
            beginObject()
            key("status"); string(e.status.rawValue)
            endObject()
        }
    }

    private mutating func runStarted(_ e: RunStarted) {
        beginObject()
        key("config"); stringMap(e.config)
        key("environment"); string(e.environment)
        key("formatVersion"); int(e.formatVersion)
        key("method"); string(e.method)
        key("model"); string(e.model)
        if let parent = e.parent {
            key("parent")
            beginObject()
            key("episode"); int(parent.episode)
            key("node"); int(parent.node.rawValue)
            key("run"); int(Int(parent.run))
            endObject()
        }
        key("seed"); uint64(e.seed)
        endObject()
    }

    private mutating func selected(_ e: Selected) {
        beginObject()
        key("episode"); int(e.episode)
        key("forced", e.forced)
        key("levels")
        beginArray()
        for level in e.levels {
            beginArray()
            for c in level {
                beginObject()
                key("node"); int(c.node.rawValue)
                key("prior"); double(c.prior)
                key("q"); double(c.q)
                key("score"); double(c.score)
                key("visits"); int(c.visits)
                endObject()
            }
            endArray()
        }
        endArray()
        key("path"); nodeArray(e.path)
        endObject()
    }

    private mutating func expanded(_ e: Expanded) {
        beginObject()
        key("children")
        beginArray()
        for child in e.children {
            beginObject()
            key("action"); string(child.action)
            key("count"); int(child.count)
            key("node"); int(child.node.rawValue)
            key("prior"); double(child.prior)
            key("rationale", child.rationale?.rawValue)
            endObject()
        }
        endArray()
        key("episode"); int(e.episode)
        key("parent"); int(e.parent.rawValue)
        key("samples"); int(e.samples)
        key("unparseable"); int(e.unparseable)
        endObject()
    }

    private mutating func debate(_ e: Debate) {
        beginObject()
        key("episode"); int(e.episode)
        key("node"); int(e.node.rawValue)
        key("turns")
        beginArray()
        for turn in e.turns {
            beginObject()
            key("order", turn.order)
            key("role"); string(turn.role.rawValue)
            key("text"); string(turn.text.rawValue)
            key("vote", turn.vote)
            endObject()
        }
        endArray()
        key("value"); double(e.value)
        endObject()
    }

    private mutating func reflection(_ r: Reflection) {
        beginObject()
        key("action"); string(r.action)
        key("expected"); string(r.expected)
        key("happened"); string(r.happened)
        key("hint"); hint(r.hint)
        key("id"); string(r.id)
        key("kind"); string(r.kind.rawValue)
        key("lesson"); string(r.lesson)
        key("state"); string(r.state)
        key("surprise"); double(r.surprise)
        key("task"); string(r.task)
        key("taskID"); string(r.taskID)
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
        key("avoid"); stringArray(h.avoid)
        key("prefer"); stringArray(h.prefer)
        key("valueShift"); double(h.valueShift)
        endObject()
    }

    private mutating func modelCall(_ e: ModelCallRecord) {
        beginObject()
        key("cached"); bool(e.cached)
        key("completion", e.completion?.rawValue)
        key("costUSD", e.costUSD)
        key("episode", e.episode)
        key("error", e.error)
        key("latencyMs"); double(e.latencyMs)
        key("model"); string(e.model)
        key("node", e.node?.rawValue)
        key("prompt", e.prompt?.rawValue)
        key("role"); string(e.role.rawValue)
        key("tokensIn"); int(e.tokensIn)
        key("tokensOut"); int(e.tokensOut)
        endObject()
    }

    private mutating func nodeArray(_ nodes: [NodeID]) {
        beginArray()
        for node in nodes { int(node.rawValue) }
        endArray()
    }
}
