import ArborCore
import Foundation
import Testing

@testable import ArborModels

@Suite("Prompt templates: syntax, checks, overrides")
struct PromptTemplateTests {
    /// The repository's prompts/ directory.
    static let promptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../prompts").standardized.path

    @Test func placeholdersAndSectionsRender() throws {
        let template = try PromptTemplate(
            file: "t.txt",
            text: """
                Task: {{task}}
                {{#lessons}}
                Lessons:
                {{lessons}}
                {{/lessons}}
                {{^lessons}}
                No lessons.
                {{/lessons}}
                Last: {{#last}}{{last}}{{/last}}{{^last}}none{{/last}}.
                """)
        #expect(template.render(["task": "Buy", "lessons": "- a"]) == "Task: Buy\nLessons:\n- a\nLast: none.")
        #expect(template.render(["task": "Buy", "last": "click [1]"]) == "Task: Buy\nNo lessons.\nLast: click [1].")
        #expect(template.uses.map(\.name) == ["task", "lessons", "last"])
        #expect(template.uses.map(\.line) == [1, 2, 9])
    }

    @Test func promptsListActionsWithTheirElementsLabels() {
        let context = AgentContext(
            episode: 0, node: NodeID(2), task: "Log in.", observation: "[5] button 'Submit'",
            previousActions: ["type [3] \"ann\"", "click [4]"], actionGrammar: "click [ref]",
            earlierObservations: ["[3] textbox 'Name'", "[4] link 'Next'"],
            previousActionsShown: ["type [3] \"ann\" \"Name\"", "click [4] \"Next\""])
        let prompts = RolePrompts()
        let policy = prompts.policy(context)
        #expect(policy.contains("1. type [3] \"ann\" \"Name\"\n2. click [4] \"Next\""), "\(policy)")
        #expect(policy.contains("Action 2: click [4] \"Next\""), "\(policy)")
        let judge = prompts.judge(context, first: "for", second: "against", supporterFirst: true)
        #expect(judge.contains("Last action: click [4] \"Next\""), "\(judge)")
    }

    @Test func malformedTagsAreErrorsNamingFileAndLine() {
        #expect(
            throws: PromptError.malformed(
                file: "a.txt", line: 2, problem: "a tag opened with {{ is never closed with }}")
        ) {
            try PromptTemplate(file: "a.txt", text: "ok\nTask: {{task")
        }
        #expect(
            throws: PromptError.malformed(
                file: "a.txt", line: 1, problem: "section {{#lessons}} is never closed with {{/lessons}}")
        ) {
            try PromptTemplate(file: "a.txt", text: "{{#lessons}}\n{{lessons}}\n")
        }
        #expect(
            throws: PromptError.malformed(
                file: "a.txt", line: 1,
                problem: "{{Task}} is not a placeholder: names are lower-case letters, digits and underscores")
        ) {
            try PromptTemplate(file: "a.txt", text: "{{Task}}")
        }
    }

    @Test func aMisspeltPlaceholderIsAnErrorBeforeTheRun() throws {
        let directory = try Self.scratch(["judge.txt": "Task: {{task}}\n{{observation}}\n{{first}} {{secnd}}\n"])
        #expect(throws: PromptError.self) { try PromptSet(overriding: directory) }
        do {
            _ = try PromptSet(overriding: directory)
        } catch {
            #expect(
                error.description
                    == "judge.txt line 3: unknown placeholder {{secnd}}; this template can use {{task}}, "
                    + "{{observation}}, {{previous_actions}}, {{last_action}}, {{first_side}}, {{first}}, "
                    + "{{second_side}}, {{second}}, {{lessons}}. Fix the name or remove the tag.")
        }
    }

    @Test func aMissingPlaceholderIsAnError() throws {
        let directory = try Self.scratch(["policy.txt": "Task: {{task}}\nActions: {{action_grammar}}\n"])
        #expect(throws: PromptError.missingPlaceholder(file: "policy.txt", name: "observation")) {
            try PromptSet(overriding: directory)
        }
        #expect(
            PromptError.missingPlaceholder(file: "policy.txt", name: "observation").description
                == "policy.txt never uses {{observation}}, so the model would not be shown it. "
                + "Add {{observation}} to the template.")
    }

    @Test func anUnknownFileIsAnError() throws {
        let directory = try Self.scratch(["juge.txt": "{{task}}"])
        do {
            _ = try PromptSet(overriding: directory)
            Issue.record("an unknown template file was accepted")
        } catch {
            #expect(
                error.description
                    == "\(directory)/juge.txt is not a prompt template Arbor knows; the templates are policy.txt, "
                    + "value-rubric.txt, value.txt, supporter.txt, opponent.txt, judge.txt, policy-expectation.txt, "
                    + "policy-lesson.txt, value-reflection.txt. Rename or remove it.")
        }
    }

    @Test func aDirectoryOverridesOnlyTheTemplatesItHolds() throws {
        let judge = "Judge {{task}} on {{observation}}: ({{first_side}}) {{first}} / ({{second_side}}) {{second}}"
        let directory = try Self.scratch(["judge.txt": judge, ".hidden": "ignored"])
        let set = try PromptSet(overriding: directory)
        #expect(set[.judge].text == judge)
        #expect(set[.policy] == PromptSet.shipped[.policy])
        #expect(set.blobs["judge.txt"]?.text == judge)
        #expect(set.blobs.count == PromptKind.allCases.count)
    }

    @Test func theBuiltInTemplatesEqualTheFilesInPrompts() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.promptsDirectory).sorted()
        #expect(files == PromptKind.allCases.map(\.file).sorted())
        for kind in PromptKind.allCases {
            let text = try String(contentsOfFile: Self.promptsDirectory + "/" + kind.file, encoding: .utf8)
            #expect(
                ShippedPrompts.texts[kind] == text,
                "\(kind.file) differs from its built-in copy: run scripts/embed-prompts.sh")
        }
        // And the shipped set is valid: every template passes the checks.
        #expect(try PromptSet(overriding: Self.promptsDirectory) == PromptSet.shipped)
    }

    static func scratch(_ files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-prompts-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8) }
        return directory
    }
}
