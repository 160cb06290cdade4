import TerminalKit

/// Colours a value on a red → amber → green ramp. Values live on the engine's scale, [0, 1] (1 = the task is done).
enum ValueRamp {
    static func style(_ value: Double?, bold: Bool = false) -> Style {
        guard let value, value.isFinite else { return Style(.muted) }
        let role: StyleRole = value >= 0.7 ? .valueHigh : value >= 0.4 ? .valueMiddle : .valueLow
        return Style(role, bold ? .bold : [])
    }
}
