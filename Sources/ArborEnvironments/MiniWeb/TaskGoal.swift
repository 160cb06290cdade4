/// A task's programmatic success check. Never shown to the agent.
enum TaskGoal: Equatable, Sendable {
    /// `stop` with this answer (compared after ``AnswerNormaliser``).
    case answer(String)
    /// Exactly these listings are in the favourites.
    case favourites([Int])
    /// A message containing the text went to this listing's seller, and none to anyone else.
    case message(listing: Int, containing: String)
    /// The cart holds exactly these lines (in any order).
    case cart([CartLine])
    /// The cart holds exactly these products, whatever their options.
    case cartProducts([Int])
    /// An order of exactly this line for this name and address was placed.
    case order(CartLine, name: String, address: String)
    /// Exactly these posts are upvoted, and no comment.
    case postVotes(Set<Int>)
    /// Exactly these comments are upvoted, and no post.
    case commentVotes(Set<CommentRef>)
    /// A comment containing the text was posted on this post, and none elsewhere.
    case comment(post: Int, containing: String)

    func isMet(by state: BrowserState) -> Bool {
        switch self {
        case .answer(let expected):
            guard state.stopped, let answer = state.answer else { return false }
            return AnswerNormaliser.matches(answer, expected: expected)
        case .favourites(let ids):
            return Set(state.favourites) == Set(ids) && state.favourites.count == ids.count
        case .message(let listing, let text):
            return state.messages.contains { $0.listing == listing && AnswerNormaliser.contains($0.text, text) }
                && state.messages.allSatisfy { $0.listing == listing }
        case .cart(let lines):
            return state.cart.sorted(by: CartLine.order) == lines.sorted(by: CartLine.order)
        case .cartProducts(let ids):
            return state.cart.map(\.product).sorted() == ids.sorted()
        case .order(let line, let name, let address):
            return state.orders.contains { order in
                order.lines == [line] && AnswerNormaliser.normalise(order.name) == AnswerNormaliser.normalise(name)
                    && AnswerNormaliser.normalise(order.address) == AnswerNormaliser.normalise(address)
            }
        case .postVotes(let ids):
            return state.postVotes == ids && state.commentVotes.isEmpty
        case .commentVotes(let refs):
            return state.commentVotes == refs && state.postVotes.isEmpty
        case .comment(let post, let text):
            return state.comments.contains { $0.post == post && AnswerNormaliser.contains($0.text, text) }
                && state.comments.allSatisfy { $0.post == post }
        }
    }
}

extension CartLine {
    static func order(_ a: CartLine, _ b: CartLine) -> Bool {
        (a.product, a.colour ?? "", a.size ?? "") < (b.product, b.colour ?? "", b.size ?? "")
    }
}

/// Compares free-text answers the way a grader would: case, spacing, quotes, `$` and thousands commas ignored;
/// numbers compared as numbers.
enum AnswerNormaliser {
    static func normalise(_ text: String) -> String {
        var s = WebAction.unquote(text.trimmingSpaces).lowercased()
        s = String(s.filter { $0 != "$" && $0 != "\"" && $0 != "'" && $0 != "“" && $0 != "”" })
        s = s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while s.hasSuffix(".") || s.hasSuffix("!") { s.removeLast() }
        if s.hasPrefix("the ") { s.removeFirst(4) }
        return s.trimmingSpaces
    }

    /// The first number in the text ("$1,200.50 each" → 1200.5), if any.
    static func firstNumber(_ text: String) -> Double? {
        var digits = ""
        var started = false
        for ch in text {
            if ch.isASCII && ch.isNumber {
                digits.append(ch)
                started = true
            } else if started && ch == "," {
                continue
            } else if started && ch == "." && !digits.contains(".") {
                digits.append(ch)
            } else if started {
                break
            }
        }
        if digits.hasSuffix(".") { digits.removeLast() }
        return Double(digits)
    }

    static func matches(_ answer: String, expected: String) -> Bool {
        if let want = firstNumber(expected), normalise(expected).allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }) {
            guard let got = firstNumber(answer) else { return false }
            return abs(got - want) < 0.005
        }
        return normalise(answer) == normalise(expected)
    }

    static func contains(_ text: String, _ part: String) -> Bool {
        normalise(text).contains(normalise(part))
    }
}
