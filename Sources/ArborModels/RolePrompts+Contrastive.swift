/// The reflector's two prompts, as in the paper's contrastive reflection: first the model predicts what an action
/// will do from the page before it, then it is shown what happened and asked what to do differently. Kept beside
/// ``RolePrompts`` so every prompt Arbor sends is in one place.
extension RolePrompts {
    /// Step one: what does the agent expect this action to do?
    public static func expectation(_ request: ReflectionRequest) -> String {
        """
        You are reviewing one step of a web agent.

        Task: \(request.task)

        Page before the step:
        \(request.observation)

        Action about to be taken: \(request.action)

        In two or three sentences, what do you expect the page to show after this action, and how much closer \
        will the task be? Finish with one line:
        Expected: <one sentence>
        """
    }

    /// Step two: here is what happened; what is the lesson? `expected` is the model's own answer to step one.
    public static func lesson(_ request: ReflectionRequest, expected: String) -> String {
        """
        You are reviewing one step of a web agent that turned out differently than expected.

        Task: \(request.task)

        Page before the step:
        \(request.observation)

        Action taken: \(request.action)
        What was expected: \(expected)
        Value the agent expected: \(format(request.expectedValue))
        Value of the state it reached: \(format(request.nextValue))
        The episode \(request.episodeSucceeded ? "succeeded" : "failed").

        Page after the step:
        \(request.nextObservation)

        What happened differently from what was expected, and what should the agent do differently on similar \
        pages next time? Answer in at most three sentences and finish with one line:
        Lesson: <one short sentence>
        """
    }
}
