/// What a site's notice line says about a state task: whether it confirms the change the task asks for (an upvote,
/// a posted comment, an item in the cart with the task's options), reports a refusal or an undo, or is unrelated.
/// Read from the task text and the notice alone.
struct NoticeReading {
    let task: TaskReading
    let notice: String

    /// The kinds of change a task can ask for: the task words that ask for it and the notice words that confirm it.
    private static let changes: [(asks: [String], confirms: [String])] = [
        (["upvote"], ["upvoted"]),
        (["comment", "reply"], ["comment posted"]),
        (["favourite", "favorite"], ["added to favourites"]),
        (["cart"], ["to your cart"]),
        (["order", "checkout", "buy"], ["placed for"]),
        (["message", "ask", "send", "contact"], ["message sent"]),
    ]

    private var lower: String { notice.lowercased() }

    /// The site refused the action or undid something ("Please choose a size.", "Upvote removed.").
    var refuses: Bool {
        lower.contains("please") || lower.contains("removed") || lower.contains("is empty")
    }

    /// The notice confirms the kind of change the task asks for, with none of the task's options contradicted.
    var confirms: Bool {
        guard !refuses else { return false }
        let taskText = task.text.lowercased()
        let kind = Self.changes.contains { change in
            change.asks.contains(where: taskText.contains) && change.confirms.contains(where: lower.contains)
        }
        return kind && missingOptions.isEmpty && task.contradictions(in: notice).isEmpty
    }

    /// Sizes and colours the task names that a cart notice does not repeat.
    var missingOptions: [String] {
        guard lower.contains("to your cart") else { return [] }
        let words = Set(Terms.words(notice))
        return task.attributes.filter {
            (Terms.sizes.contains($0) || Terms.colours.contains($0)) && !words.contains($0)
        }
    }

    var point: EvidencePoint {
        if refuses {
            return EvidencePoint(claim: "the site refused or undid the change", line: notice, weight: -0.25)
        }
        if confirms {
            return EvidencePoint(claim: "the site confirms the change the task asks for", line: notice, weight: 0.5)
        }
        if !missingOptions.isEmpty {
            return EvidencePoint(
                claim: "the item went in without \(missingOptions.joined(separator: ", "))", line: notice, weight: -0.2)
        }
        return EvidencePoint(claim: "a notice reports a change the task did not ask for", line: notice, weight: 0)
    }
}
