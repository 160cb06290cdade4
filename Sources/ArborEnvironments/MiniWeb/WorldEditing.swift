/// Edits templates make to a generated world: adding targets and traps while keeping titles, ages and points
/// unique so that every task has exactly one right answer.
extension MiniWebWorld {
    /// An unused id for a template-added item.
    mutating func takeID() -> Int {
        let id = freeIDs.popLast() ?? (listings.count + products.count + posts.count + 1_000)
        addedIDs.insert(id)
        return id
    }

    // MARK: classifieds

    var oldestListingAge: Int { (listings.map(\.age).max() ?? 0) + 1 }

    /// Adds a listing (replacing any with the same title) and returns it.
    @discardableResult
    mutating func addListing(
        _ rng: inout SeededGenerator, category: String, kind: String, colour: String, brand: String? = nil,
        title: String? = nil, price: Int, condition: String? = nil, location: String? = nil, seller: String? = nil,
        age: Int? = nil, sponsored: Bool = false
    ) -> Listing {
        let brands = MiniWebVocabulary.categories.first { $0.name == category }?.brands ?? ["Generic"]
        // Prefer a brand whose title is free, so an added item never replaces a target added before it.
        let candidates = brand.map { [$0] } ?? rng.shuffled(brands)
        let titles = candidates.map { "\(colour.capitalisedFirst) \($0) \(kind)" }
        let title =
            title ?? titles.first { t in !listings.contains { $0.title == t } }
            ?? titles.first { t in !listings.contains { $0.title == t && addedIDs.contains($0.id) } }
            ?? titles[0]
        listings.removeAll { $0.title == title }
        var usedAges = Set(listings.map(\.age))
        var age = age ?? rng.int(5...200)
        while usedAges.contains(age) { age += 1 }
        usedAges.insert(age)
        let listing = Listing(
            id: takeID(), title: title, category: category, kind: kind, colour: colour,
            price: price, condition: condition ?? rng.pick(MiniWebVocabulary.conditions),
            location: location ?? rng.pick(MiniWebVocabulary.locations),
            seller: seller ?? WorldGenerator.username(&rng), age: age, sponsored: sponsored,
            description: sponsored ? "Top rated seller. Fast replies." : "Selling my \(kind). Pick up only.")
        listings.append(listing)
        return listing
    }

    mutating func updateListings(where match: (Listing) -> Bool, _ change: (inout Listing) -> Void) {
        for i in listings.indices where match(listings[i]) { change(&listings[i]) }
    }

    func categoryLink(_ category: String) -> String {
        "\(category) (\(listings.filter { $0.category == category }.count))"
    }

    // MARK: shopping

    @discardableResult
    mutating func addProduct(
        _ rng: inout SeededGenerator, name: String, department: String, price: Int, colours: [String]? = nil,
        reviews: [Review]? = nil, featuredRank: Int? = nil, sponsored: Bool = false
    ) -> Product {
        products.removeAll { $0.name == name }
        let spec = MiniWebVocabulary.departments.first { $0.name == department }
        let colours =
            colours
            ?? (spec?.colours == true
                ? rng.sample(MiniWebVocabulary.colours, rng.int(1...4)).map(\.capitalisedFirst) : [])
        let product = Product(
            id: takeID(), name: name, department: department, price: price,
            colours: colours, sizes: spec?.sizes ?? [],
            reviews: reviews ?? WorldGenerator.reviews(&rng, count: rng.int(1...6)),
            featuredRank: featuredRank ?? rng.int(1...30), sponsored: sponsored)
        products.append(product)
        return product
    }

    mutating func updateProducts(where match: (Product) -> Bool, _ change: (inout Product) -> Void) {
        for i in products.indices where match(products[i]) { change(&products[i]) }
    }

    var lastFeaturedRank: Int { (products.map(\.featuredRank).max() ?? 0) + 1 }

    func departmentLink(_ department: String) -> String {
        "\(department) (\(products.filter { $0.department == department }.count))"
    }

    // MARK: forum

    @discardableResult
    mutating func addPost(
        _ rng: inout SeededGenerator, subforum: String, title: String, author: String? = nil, points: Int? = nil,
        age: Int? = nil, comments: [Comment]? = nil
    ) -> Post {
        posts.removeAll { $0.title == title }
        var usedPoints = Set(posts.map(\.points))
        var points = points ?? rng.int(1...120)
        while usedPoints.contains(points) { points += 1 }
        usedPoints.insert(points)
        let usedAges = Set(posts.map(\.age))
        var age = age ?? rng.int(5...300)
        while usedAges.contains(age) { age += 1 }
        let post = Post(
            id: takeID(), subforum: subforum, title: title,
            author: author ?? WorldGenerator.username(&rng), points: points, age: age,
            body: "Curious what everyone here thinks. Share your tips below.",
            comments: comments ?? WorldGenerator.comments(&rng, count: rng.int(0...6)))
        posts.append(post)
        return post
    }

    mutating func updatePost(_ id: Int, _ change: (inout Post) -> Void) {
        for i in posts.indices where posts[i].id == id { change(&posts[i]) }
    }

    var oldestPostAge: Int { (posts.map(\.age).max() ?? 0) + 1 }
    var topPoints: Int { (posts.map(\.points).max() ?? 0) + 1 }

    func subforumLink(_ name: String) -> String {
        "\(name) (\(posts.filter { $0.subforum == name }.count) posts)"
    }

    /// Posts of a subforum as its default (New) sort lists them.
    func newestFirst(in subforum: String) -> [Post] {
        posts.filter { $0.subforum == subforum }.sorted { $0.age != $1.age ? $0.age < $1.age : $0.id < $1.id }
    }
}
