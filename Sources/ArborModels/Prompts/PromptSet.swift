import ArborCore
import Foundation

/// One template for every ``PromptKind``, checked: the shipped ones (``shipped``), or those with a directory's files
/// in their place (`arbor run --prompts DIR`). Every template in a set uses only its role's placeholders and every
/// placeholder the role needs, so rendering cannot fail once a set exists.
public struct PromptSet: Sendable, Equatable {
    public let templates: [PromptKind: PromptTemplate]

    /// The templates in `prompts/`, built into the executable so it finds them wherever it runs.
    public static let shipped: PromptSet = {
        do {
            return try PromptSet(texts: ShippedPrompts.texts)
        } catch {
            // The shipped templates are checked by the test suite; a build with a broken one is a programming error.
            preconditionFailure("a shipped prompt template is invalid: \(error)")
        }
    }()

    /// A set from each kind's text; every kind must have one.
    public init(texts: [PromptKind: String]) throws(PromptError) {
        var templates: [PromptKind: PromptTemplate] = [:]
        for kind in PromptKind.allCases {
            guard let text = texts[kind] else { throw .missingTemplate(file: kind.file) }
            templates[kind] = try Self.checked(kind, PromptTemplate(file: kind.file, text: text))
        }
        self.templates = templates
    }

    /// The shipped set with the templates found in `directory` in their place. Every file there must be a template's
    /// (`policy.txt`, `judge.txt`, …; names starting with a dot are ignored); any subset may be given.
    public init(overriding directory: String, base: PromptSet = .shipped) throws(PromptError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw .unreadable(path: directory, reason: "not a readable directory (\(error.localizedDescription))")
        }
        var texts = base.templates.mapValues(\.text)
        for name in names where !name.hasPrefix(".") {
            guard let kind = PromptKind(file: name) else {
                throw .unknownFile(directory: directory, file: name, known: PromptKind.allCases.map(\.file))
            }
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(path: path, reason: "not a readable file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw .unreadable(path: path, reason: "not UTF-8 text")
            }
            texts[kind] = text
        }
        try self.init(texts: texts)
    }

    public subscript(kind: PromptKind) -> PromptTemplate { templates[kind]! }

    /// Each template's text as a blob, by file name: what a run records in ``ArborCore/RunStarted/prompts``.
    public var blobs: [String: Blob] {
        Dictionary(uniqueKeysWithValues: templates.map { ($0.key.file, Blob($0.value.text)) })
    }

    private static func checked(_ kind: PromptKind, _ template: PromptTemplate) throws(PromptError) -> PromptTemplate {
        for use in template.uses where !kind.placeholders.contains(use.name) {
            throw .unknownPlaceholder(file: kind.file, line: use.line, name: use.name, known: kind.placeholders)
        }
        for name in kind.required where !template.uses.contains(where: { $0.name == name }) {
            throw .missingPlaceholder(file: kind.file, name: name)
        }
        return template
    }
}
