/// A classifieds listing.
struct Listing: Equatable, Sendable {
    var id: Int
    var title: String
    var category: String
    var kind: String
    var colour: String
    /// Whole dollars.
    var price: Int
    var condition: String
    var location: String
    var seller: String
    /// Days since posting; smaller is newer, distinct within a world.
    var age: Int
    var sponsored = false
    var description: String
}

/// A shopping review.
struct Review: Equatable, Sendable {
    var author: String
    var stars: Int
    var text: String
}

/// A shopping product.
struct Product: Equatable, Sendable {
    var id: Int
    var name: String
    var department: String
    /// Cents.
    var price: Int
    var colours: [String]
    var sizes: [String]
    var reviews: [Review]
    /// Position under the default "Featured" sort.
    var featuredRank: Int
    var sponsored = false

    /// The mean star rating in tenths, rounded half up (43 for 4.3); 0 without reviews.
    var ratingTenths: Int { Product.rating(reviews) }

    /// The rating as the site prints it ("4.3").
    var ratingText: String { "\(ratingTenths / 10).\(ratingTenths % 10)" }
}

/// A forum comment.
struct Comment: Equatable, Sendable {
    var author: String
    var text: String
    var points: Int
}

/// A forum post.
struct Post: Equatable, Sendable {
    var id: Int
    var subforum: String
    var title: String
    var author: String
    var points: Int
    /// Hours since posting; distinct within a world.
    var age: Int
    var body: String
    var comments: [Comment]
}

/// Everything the three sites show. Fixed for an episode: what the user changes lives in ``BrowserState``.
struct MiniWebWorld: Equatable, Sendable {
    var listings: [Listing] = []
    var products: [Product] = []
    var subforums: [String] = []
    var posts: [Post] = []
    /// Ids not yet given out, in random order: generated and template-added items draw from the same pool, so an
    /// id (shown in URLs) never tells a target from the rest.
    var freeIDs: [Int] = []
    /// Items a template added (targets and traps).
    var addedIDs: Set<Int> = []

    func listing(_ id: Int) -> Listing? { listings.first { $0.id == id } }
    func product(_ id: Int) -> Product? { products.first { $0.id == id } }
    func post(_ id: Int) -> Post? { posts.first { $0.id == id } }
}

/// Money as the sites print it.
enum Money {
    static func dollars(_ amount: Int) -> String { "$\(grouped(amount))" }

    static func cents(_ amount: Int) -> String {
        let c = amount % 100
        return "$\(grouped(amount / 100)).\(c < 10 ? "0" : "")\(c)"
    }

    private static func grouped(_ n: Int) -> String {
        let digits = String(n)
        guard digits.count > 3 else { return digits }
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
