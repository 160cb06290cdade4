extension Canvas {
    /// The current region as lines of text, trailing spaces trimmed: what a person would see, for tests and goldens.
    public func renderText() -> [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width where !self[column, row].isContinuation {
                line.append(self[column, row].grapheme)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// A layer parallel to ``renderText()``: one letter per cell naming the cell's style role, full width. A role
    /// is shown by its letter in `letters`, else "." for the default role, else the role name's first character.
    public func renderStyles(letters: [StyleRole: Character] = [:]) -> [String] {
        (0..<height).map { row in
            String(
                (0..<width).map { column -> Character in
                    let role = self[column, row].style.role
                    if let letter = letters[role] { return letter }
                    if role == .normal { return "." }
                    return role.rawValue.first ?? "?"
                })
        }
    }
}
