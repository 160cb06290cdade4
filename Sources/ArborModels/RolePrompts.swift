import ArborCore

/// The prompt each R-MCTS role is given, following the paper's structure: the task, the page, the actions so far,
/// the retrieved lessons, and the answer format. The offline agent records these as what it "was asked"; a remote
/// model's client sends them.
public enum RolePrompts {
    public static func policy(_ context: AgentContext) -> String {
        """
        You are an autonomous agent browsing a website to complete a task. You see the page as an accessibility \
        tree; every interactive element has a number in brackets.

        \(shared(context, kind: .policy))
        Actions you can take:
        \(context.actionGrammar)

        Think briefly about what the page shows and what the task needs, then finish with exactly one line:
        In summary, the next action I will perform is ```<action>```
        """
    }

    public static func value(_ context: AgentContext) -> String {
        """
        You are judging how close a web agent is to completing its task.

        \(shared(context, kind: .value))
        Does the current state show the task is complete or about to be? Explain briefly, then finish with one line:
        Progress: <a number from 0 to 1>
        """
    }

    public static func argument(_ context: AgentContext, side: DebateSide) -> String {
        let stance =
            side == .supporter
            ? "Argue that the agent is on track to complete the task from this state."
            : "Argue that the agent is NOT on track to complete the task from this state."
        return """
            You are a debater in an evaluation of a web agent. \(stance) Cite the page lines you rely on.

            \(shared(context, kind: .value))
            Give at most four short points.
            """
    }

    public static func judge(_ context: AgentContext, first: String, second: String) -> String {
        """
        You are the judge of a debate about whether a web agent will complete its task from this state.

        \(shared(context, kind: .value))
        Argument 1:
        \(first)

        Argument 2:
        \(second)

        How likely is the task to be completed from here?
        A: certainly (it is done or one obvious step away)  B: likely  C: unclear  D: unlikely  E: it has failed
        Explain in one or two sentences, then finish with one line: Verdict: <letter>
        """
    }

    public static func reflection(_ request: ReflectionRequest) -> String {
        """
        You are reviewing one step of a web agent that turned out differently than it expected.

        Task: \(request.task)

        Page before the step:
        \(request.observation)

        Action taken: \(request.action)
        Value the agent expected: \(format(request.expectedValue))
        Value of the state it reached: \(format(request.nextValue))
        The episode \(request.episodeSucceeded ? "succeeded" : "failed").

        Page after the step:
        \(request.nextObservation)

        Say what you expected the action to do, then one short lesson for similar pages next time.
        """
    }

    /// Task, page, history and lessons: the part every role's prompt shares.
    private static func shared(_ context: AgentContext, kind: ReflectionKind) -> String {
        var text = "Task: \(context.task)\n\nCurrent page:\n\(context.observation)\n\n"
        text +=
            context.previousActions.isEmpty
            ? "Previous actions: none\n\n"
            : "Previous actions:\n"
                + context.previousActions.enumerated().map { "\($0 + 1). \($1)" }.joined(
                    separator: "\n") + "\n\n"
        let lessons = context.reflections.filter { $0.kind == kind }
        if !lessons.isEmpty {
            text += "Lessons from earlier attempts at similar tasks:\n"
            text += lessons.map { "- \($0.lesson)" }.joined(separator: "\n") + "\n\n"
        }
        return text
    }

    /// A value as prompts and completions write it: two decimals, always ("0.70", "-0.20").
    public static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
