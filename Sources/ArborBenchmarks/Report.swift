import Foundation

/// A benchmark's report line: the label padded to `width` columns, then the figure.
func reportRow(_ label: String, _ figure: String, width: Int) -> String {
    (label.count >= width ? label + " " : label + String(repeating: " ", count: width - label.count)) + figure
}

/// Writes a line of a benchmark's report at once (unbuffered, also through a pipe), so each figure appears when
/// it is measured.
func report(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// The value below which a `fraction` of `values` lie (nearest rank).
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))]
}

/// The process's peak resident memory in KiB, from `VmHWM` in /proc/self/status; nil where there is none.
func peakMemory() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}
