/// What a template makes for one task seed: the instruction, the check, the reference solution, and any state the
/// episode starts in (a pre-filled cart).
struct TaskDraft: Sendable {
    var intent: String
    var goal: TaskGoal
    var solution: [ScriptStep]
    var cart: [CartLine] = []
}

/// A family of tasks on one site: each seed edits a fresh world (adding the target and its traps) and phrases
/// the instruction.
struct TaskTemplate: Sendable {
    let site: MiniWebSite
    let name: String
    let build: @Sendable (inout MiniWebWorld, inout SeededGenerator) -> TaskDraft

    init(
        _ site: MiniWebSite, _ name: String,
        _ build: @escaping @Sendable (inout MiniWebWorld, inout SeededGenerator) -> TaskDraft
    ) {
        self.site = site
        self.name = name
        self.build = build
    }

    static let all: [TaskTemplate] = ClassifiedsTasks.templates + ShoppingTasks.templates + ForumTasks.templates
}

/// A generated task: its spec, world, starting state and hidden check and solution.
struct MiniWebTask: Sendable {
    var spec: TaskSpec
    var site: MiniWebSite
    var world: MiniWebWorld
    var start: BrowserState
    var goal: TaskGoal
    var solution: [ScriptStep]

    /// Builds task `index` of `template` for an environment seeded with `seed`.
    init(template: TaskTemplate, index: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed, label: "\(template.site.rawValue)/\(template.name)", index: index)
        var world = WorldGenerator.world(&rng)
        let draft = template.build(&world, &rng)
        spec = TaskSpec(id: "\(template.site.rawValue)/\(template.name)/\(index)", intent: draft.intent)
        site = template.site
        self.world = world
        start = BrowserState(page: .home(template.site))
        start.cart = draft.cart
        goal = draft.goal
        solution = draft.solution
    }
}
