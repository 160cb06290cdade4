import ArborCore
import ArborModels

// Contrastive reflection at the end of an episode.
extension EpisodeRunner {
    /// How much of a state's text a lesson keeps for retrieval to match against.
    static let lessonStateLength = 2000

    /// A committed step, the value of where it led, and how far that was from what the search expected.
    struct Surprise {
        var index: Int
        var step: CommittedStep
        var next: Double
        var surprise: Double
    }

    /// Ranks the committed steps by surprise |V(next) − Q(step)| and asks the reflector about the most surprising
    /// ones above the threshold: up to `maxPolicyReflections` policy lessons and `maxValueReflections` value
    /// lessons. Q(step) is the action's mean value when it was committed; V(next) is what the state it led to turned
    /// out to be worth — its mean value over the rest of the episode's searches, or, for the episode's final step,
    /// `finalValue`: the success value when the episode `succeeded`, else 0. Whether it succeeded is the agent's own
    /// estimate by default (ExACT's self-supervised setting) and the environment's check only when the run asks for
    /// it (see ``end(reason:)``). Each lesson joins the memory at once, so later episodes can use it.
    func reflect(succeeded: Bool, finalValue: Double) async {
        let settings = config.reflection
        var ranked: [Surprise] = []
        for (index, step) in commits.enumerated() where !step.replayed {
            let next = index == commits.count - 1 ? finalValue : tree[step.to].stats.q
            let surprise = abs(next - step.expected)
            if surprise > settings.surpriseThreshold {
                ranked.append(Surprise(index: index, step: step, next: next, surprise: surprise))
            }
        }
        ranked.sort { $0.surprise != $1.surprise ? $0.surprise > $1.surprise : $0.index < $1.index }
        var asks: [(Surprise, ReflectionKind)] = []
        asks += ranked.prefix(max(settings.maxPolicyReflections, 0)).map { ($0, .policy) }
        asks += ranked.prefix(max(settings.maxValueReflections, 0)).map { ($0, .value) }
        for (surprising, kind) in asks {
            let step = surprising.step
            let before = tree[step.from].observationText ?? ""
            let after = tree[step.to].observationText ?? ""
            let request = ReflectionRequest(
                kind: kind, taskID: task.id, task: task.intent, observation: before, action: tree[step.to].action,
                expectedValue: step.expected, nextObservation: after, nextValue: surprising.next,
                episodeSucceeded: succeeded, evaluation: kind == .value ? evaluations[step.to] ?? "" : "")
            do {
                let reply = try await agent.reflect(request)
                record(reply)
                let draft = reply.value
                let reflection = Reflection(
                    kind: kind, taskID: task.id, task: task.intent,
                    state: String(before.prefix(Self.lessonStateLength)),
                    action: tree[step.to].action, expected: draft.expected,
                    happened: String(after.prefix(Self.lessonStateLength)), lesson: draft.lesson, hint: draft.hint,
                    surprise: surprising.surprise)
                memory.add(reflection)
                emit(.reflectionCreated(ReflectionCreated(episode: episode, reflection: reflection)))
            } catch {
                emit(
                    .error(
                        ErrorRecord(
                            episode: episode, node: step.to, source: .model,
                            message: "reflection failed: \(error)")))
            }
        }
    }
}
