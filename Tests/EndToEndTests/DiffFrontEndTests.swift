import ArborTesting
import Foundation
import Testing

/// `arbor diff A B --tui` in a real terminal (tmux): it opens on the sample runs, `n` reaches the task whose outcomes
/// differ with its divergent step marked on both sides, `a` opens A's tree at A's own node there and Esc comes back,
/// `b` opens B's at B's node and `q` comes back, and `q` leaves
/// the terminal exactly as it was.
@Test func diffScreenOpensJumpsAndRestoresTheTerminal() throws {
    let arbor = try arborExecutable().path
    let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../sample-runs/miniweb.db").standardized.path
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-e2e-diff-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let script =
        "stty -a > \(dir.path)/before; \(arbor) diff \(samples):1 \(samples):2 --tui 2> \(dir.path)/err;"
        + " echo $? > \(dir.path)/status; stty -a > \(dir.path)/after.part; mv \(dir.path)/after.part \(dir.path)/after"
    let tmux = try Tmux(width: 120, height: 32, command: ["sh", "-c", script])
    defer { tmux.close() }

    let opened = try tmux.waitFor { $0.first?.hasPrefix("Arbor · diff · A ") == true }
    #expect(opened.contains { $0.contains("outcomes differ on 1") })
    try tmux.send(keys: "n")
    let jumped = try tmux.waitFor { $0.contains { $0.hasPrefix(" task 1/6") } }
    // Both panes mark step 0, each with its own action.
    #expect(jumped.contains { $0.contains("▶  0 click [1]") && $0.contains("▶  0 type [3] \"grey sofa\"") })

    // a opens A's own node at the divergence (n2, click [1]), b opens B's (its type [3]): each side's node in its own tree.
    try tmux.send(keys: "a")
    // Waits for the whole frame (a busy machine can be caught between its first and last line).
    let tree = try tmux.waitFor { s in
        s.first?.contains("FINISHED") == true && s.contains { $0.contains("Esc or q goes back to the diff") }
            && s.contains { $0.contains("│n2 click [1]") }
    }
    #expect(tree.contains { $0.contains("Esc or q goes back to the diff") })
    #expect(tree.contains { $0.contains("│n2 click [1]") }, "\(tree.joined(separator: "\n"))")
    try tmux.send(keys: "Escape")
    try tmux.waitFor { $0.first?.hasPrefix("Arbor · diff") == true }
    try tmux.send(keys: "b")
    let other = try tmux.waitFor { s in
        s.first?.contains("FINISHED") == true && s.contains { $0.contains("│n") && $0.contains(" type [3] ") }
    }
    #expect(
        other.contains { $0.contains("│n") && $0.contains(" type [3] \"grey sofa\"") },
        "\(other.joined(separator: "\n"))")
    try tmux.send(keys: "q")
    try tmux.waitFor { $0.first?.hasPrefix("Arbor · diff") == true }

    try tmux.send(keys: "q")
    let after = dir.appendingPathComponent("after")
    try tmux.waitFor { _ in FileManager.default.fileExists(atPath: after.path) }
    let status = try String(contentsOf: dir.appendingPathComponent("status"), encoding: .utf8)
    #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    #expect(
        try String(contentsOf: after, encoding: .utf8)
            == String(contentsOf: dir.appendingPathComponent("before"), encoding: .utf8), "stty -a after equals before")
}
