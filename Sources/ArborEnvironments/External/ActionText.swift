/// Action text in the form two samples are compared by: leading and trailing whitespace dropped and every run of
/// whitespace outside double quotes made one space. Quoted text (`type [7] "red  bike"`) is kept as written.
enum ActionText {
    static func normalised(_ action: String) -> String {
        var result = ""
        var quoted = false
        var pendingSpace = false
        for character in action {
            if !quoted && character.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            if character == "\"" { quoted.toggle() }
            result.append(character)
        }
        return result
    }
}
