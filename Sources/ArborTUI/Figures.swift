import Foundation

/// How numbers read on screen: short, fixed-width, and the same in every view.
enum Figures {
    /// A count in at most 5 columns: 999, 12.3k, 1.2M.
    static func count(_ n: Int) -> String {
        switch n {
        case ..<10_000: String(n)
        case ..<1_000_000: String(format: "%.1fk", Double(n) / 1000).replacingOccurrences(of: ".0k", with: "k")
        default: String(format: "%.1fM", Double(n) / 1_000_000).replacingOccurrences(of: ".0M", with: "M")
        }
    }

    /// A value on the engine's [0, 1] scale, `0.43`; a dash when unknown.
    static func value(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "–" }
        return String(format: "%.2f", v)
    }

    /// A probability without the leading zero, `.30`; `1.0` for certainty.
    static func prior(_ p: Double) -> String {
        if p >= 0.995 { return "1.0" }
        return String(format: "%.2f", p).replacingOccurrences(of: "0.", with: ".")
    }

    static func percent(_ fraction: Double) -> String { String(format: "%3.0f%%", fraction * 100) }

    /// A node's share of its parent's visits, `40%`; nil where it means nothing: a parent never visited, or one
    /// above the step's search root, whose back-ups stop below it (its children can have more visits than it).
    static func share(_ visits: Int, of parentVisits: Int) -> String? {
        guard parentVisits > 0, visits <= parentVisits else { return nil }
        return percent(Double(visits) / Double(parentVisits)).trimmingCharacters(in: .whitespaces)
    }

    /// Elapsed time as `1:05` or `1:02:05`.
    static func duration(_ seconds: Double) -> String {
        let s = max(0, Int(seconds))
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    static func milliseconds(_ ms: Double) -> String {
        ms < 1000 ? String(format: "%.0fms", ms) : String(format: "%.1fs", ms / 1000)
    }

    /// Pads or cuts `text` to exactly `width` columns, aligned right.
    static func right(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.suffix(width)) : String(repeating: " ", count: width - text.count) + text
    }

    static func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }

    /// A bar of `width` cells filled to `fraction`, in eighths.
    static func bar(_ fraction: Double, width: Int) -> String {
        let eighths = Int((max(0, min(1, fraction)) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let full = String(repeating: "█", count: eighths / 8)
        let text = full + partial[eighths % 8]
        return text + String(repeating: " ", count: max(0, width - text.count))
    }
}
