import Foundation

/// One line of a results table (`arbor run`'s summary, `arbor bench miniweb`): a method over some tasks.
struct ResultRow {
    var method: String
    var episodes: Int
    var successes: Int
    var steps: Int
    var calls: Int
    var tokens: Int
    var seconds: Double

    static let header = "method         tasks  success   rate  mean steps  model calls     tokens    wall"

    var line: String {
        let rate = episodes > 0 ? Double(successes) / Double(episodes) * 100 : 0
        let meanSteps = episodes > 0 ? Double(steps) / Double(episodes) : 0
        let name = method.count >= 13 ? method : method + String(repeating: " ", count: 13 - method.count)
        return name
            + String(
                format: " %6d %8d %5.0f%% %11.2f %12d %10d %6.1fs", episodes, successes, rate, meanSteps, calls, tokens,
                seconds)
    }
}
