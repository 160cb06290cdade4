/// A measurement that could not be made, and why.
public struct BenchmarkFailure: Error, CustomStringConvertible {
    public var description: String
}
