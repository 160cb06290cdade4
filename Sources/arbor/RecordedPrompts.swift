import ArborCore
import ArborModels
import ArborStore

extension PromptSet {
    /// The prompt templates a run recorded, read back from `store`: the shipped ones with the recorded texts in their
    /// place, or nil for a run recorded before templates were. A fork and a worker search with these.
    static func recorded(by started: RunStarted, in store: any RunStorage) throws -> PromptSet? {
        guard let recorded = started.prompts else { return nil }
        var texts = PromptSet.shipped.templates.mapValues(\.text)
        for (file, ref) in recorded {
            guard let kind = PromptKind(file: file), let text = try store.blob(ref) else { continue }
            texts[kind] = text
        }
        return try PromptSet(texts: texts)
    }
}
