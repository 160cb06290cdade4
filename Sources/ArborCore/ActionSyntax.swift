/// How a policy's answer becomes an action: read by the web grammar of MiniWeb (`click [12]`, `type [7] "…"`), or
/// taken as the answer's action line and left to the environment to accept or refuse.
public enum ActionSyntax: Sendable, Equatable {
    /// MiniWeb's grammar; the web parser finds and canonicalises the action.
    case web
    /// The environment's own grammar. The action is the line the prompt asks for; an action whose first word is not
    /// one of `verbs` and that matches none of `patterns` (regular expressions, matched against the whole action) is
    /// turned away before the environment sees it. With neither declared, the environment alone decides.
    case environment(verbs: [String], patterns: [String])
}
