/// A line of the shopping cart (and of an order).
struct CartLine: Hashable, Sendable {
    var product: Int
    var colour: String?
    var size: String?
}

/// A placed order.
struct Order: Equatable, Sendable {
    var lines: [CartLine]
    var name: String
    var address: String
}

/// A message sent to a listing's seller.
struct SentMessage: Equatable, Sendable {
    var listing: Int
    var text: String
}

/// A comment the user posted.
struct PostedComment: Equatable, Sendable {
    var post: Int
    var text: String
}

/// A comment of a post, by its position among the post's generated comments.
struct CommentRef: Hashable, Sendable {
    var post: Int
    var index: Int
}

/// A page visited earlier, for `go_back`.
struct Visit: Equatable, Sendable {
    var page: Page
    var offset: Int
}

/// Everything the user can change in an episode: where they are and what they did. A value: snapshots copy it.
struct BrowserState: Equatable, Sendable {
    var page: Page
    /// First item of the list window.
    var offset = 0
    var history: [Visit] = []
    /// What the last action did, shown on the page until the next navigation.
    var notice: String?
    var favourites: [Int] = []
    var messages: [SentMessage] = []
    var cart: [CartLine] = []
    var orders: [Order] = []
    var fullName = ""
    var address = ""
    var postVotes: Set<Int> = []
    var commentVotes: Set<CommentRef> = []
    var comments: [PostedComment] = []
    /// Set by `stop`: the episode is over.
    var stopped = false
    var answer: String?

    init(page: Page) { self.page = page }

    mutating func navigate(to page: Page) {
        history.append(Visit(page: self.page, offset: offset))
        self.page = page
        offset = 0
        notice = nil
    }
}
