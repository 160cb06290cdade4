/// Where the browser is: a page of one site with its query. Equal pages over an equal world render equally.
enum Page: Hashable, Sendable {
    case classifiedsHome
    case listings(ListingQuery)
    case listing(Int)
    case contact(Int)
    case favourites
    case shoppingHome
    case products(ProductQuery)
    case product(ProductChoice)
    case cart
    case checkout
    case forumHome
    case subforum(String, PostSort)
    case postSearch(String)
    case post(Int)

    var site: MiniWebSite {
        switch self {
        case .classifiedsHome, .listings, .listing, .contact, .favourites: .classifieds
        case .shoppingHome, .products, .product, .cart, .checkout: .shopping
        case .forumHome, .subforum, .postSearch, .post: .forum
        }
    }

    static func home(_ site: MiniWebSite) -> Page {
        switch site {
        case .classifieds: .classifiedsHome
        case .shopping: .shoppingHome
        case .forum: .forumHome
        }
    }
}

/// A classifieds search: text, category and the result page's sort and filters.
struct ListingQuery: Hashable, Sendable {
    var text = ""
    var category: String?
    var sort = ListingSort.newest
    var colour: String?
    var condition: String?
    var location: String?
}

enum ListingSort: String, CaseIterable, Sendable {
    case newest = "Newest"
    case priceLow = "Price: low to high"
    case priceHigh = "Price: high to low"
}

/// A shopping search or department listing.
struct ProductQuery: Hashable, Sendable {
    var text = ""
    var department: String?
    var sort = ProductSort.featured
}

enum ProductSort: String, CaseIterable, Sendable {
    case featured = "Featured"
    case priceLow = "Price: low to high"
    case priceHigh = "Price: high to low"
    case rating = "Rating"
}

/// A product page with the options chosen on it so far.
struct ProductChoice: Hashable, Sendable {
    var id: Int
    var colour: String?
    var size: String?
}

enum PostSort: String, CaseIterable, Sendable {
    case new = "New"
    case top = "Top"
}
