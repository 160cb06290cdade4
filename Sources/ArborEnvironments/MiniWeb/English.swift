/// Counted nouns as the sites print them ("1 review", "3 reviews").
enum English {
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
