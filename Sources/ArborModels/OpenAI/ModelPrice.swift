/// What a model costs, in US dollars per million tokens, as configured (`[prices."model"]` in arbor.toml).
public struct ModelPrice: Sendable, Equatable, Codable {
    public var inputPerMillion: Double
    public var outputPerMillion: Double
    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    public func cost(_ usage: TokenUsage) -> Double {
        (Double(usage.prompt) * inputPerMillion + Double(usage.completion) * outputPerMillion) / 1_000_000
    }
}
