/// A terminal colour: the terminal's own default, or an index into the 256-colour palette (0–15 are the 16 basic
/// colours), with an optional explicit choice for terminals that have only 16 colours.
public enum TerminalColor: Hashable, Sendable {
    case terminalDefault
    case palette(UInt8, fallback: UInt8? = nil)

    /// The colour to use on a terminal with `colors` colours (256, 16, 8, or fewer for none).
    public func fitted(toColors colors: Int) -> TerminalColor {
        guard case .palette(let index, let fallback) = self else { return self }
        if colors >= 256 { return .palette(index) }
        if colors < 8 { return .terminalDefault }
        let basic = fallback ?? Self.nearestBasic(index)
        if colors >= 16 { return .palette(basic) }
        // Bright black (grey) would fold to black, the console's background: the terminal's default colour shows.
        return basic == 8 ? .terminalDefault : .palette(basic % 8)
    }

    /// Whether this is a grey that a terminal with `colors` colours cannot show (see ``fitted(toColors:)``), so it
    /// is drawn dimmed instead.
    public func isGrey(onColors colors: Int) -> Bool {
        guard case .palette(let index, let fallback) = self, colors >= 8, colors < 16 else { return false }
        return (fallback ?? Self.nearestBasic(index)) == 8
    }

    /// The curses colour number (-1 for the terminal's default).
    public var cursesNumber: Int32 {
        switch self {
        case .terminalDefault: -1
        case .palette(let index, _): Int32(index)
        }
    }

    /// The nearest of the 16 basic colours to a 256-palette entry, by the xterm palette's RGB values.
    static func nearestBasic(_ index: UInt8) -> UInt8 {
        if index < 16 { return index }
        let target = rgb(index)
        var best: UInt8 = 0
        var bestDistance = Int.max
        for candidate in UInt8(0)..<16 {
            let c = rgb(candidate)
            let distance =
                (c.0 - target.0) * (c.0 - target.0) + (c.1 - target.1) * (c.1 - target.1)
                + (c.2 - target.2) * (c.2 - target.2)
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }

    /// The xterm default RGB of a palette entry.
    static func rgb(_ index: UInt8) -> (Int, Int, Int) {
        let i = Int(index)
        switch i {
        case 0..<16:
            let basic: [(Int, Int, Int)] = [
                (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
                (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
                (255, 0, 255), (0, 255, 255), (255, 255, 255),
            ]
            return basic[i]
        case 16..<232:
            let levels = [0, 95, 135, 175, 215, 255]
            let n = i - 16
            return (levels[n / 36], levels[(n / 6) % 6], levels[n % 6])
        default:
            let grey = 8 + (i - 232) * 10
            return (grey, grey, grey)
        }
    }
}
