/// Renders the classifieds site's pages.
enum ClassifiedsPages {
    static func header(_ view: inout PageView, _ state: BrowserState, query: String = "") {
        view.addHeader(
            state, link: ("Favourites (\(state.favourites.count))", .favourites), search: "Search listings",
            query: query)
    }

    static func render(_ page: Page, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        switch page {
        case .listings(let query): results(query, world, state)
        case .listing(let id): listing(id, world, state)
        case .contact(let id): contact(id, world, state)
        case .favourites: favourites(world, state)
        default: home(world, state)
        }
    }

    static func home(_ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var view = PageView(site: .classifieds, title: "Home", path: "")
        header(&view, state)
        view.heading("Categories")
        for category in MiniWebVocabulary.categories.map(\.name) {
            view.add(.link, world.categoryLink(category), .open(.listings(ListingQuery(category: category))))
        }
        view.heading("Latest listings")
        for listing in world.listings.filter({ !$0.sponsored }).sorted(by: newestFirst).prefix(3) {
            row(&view, listing)
        }
        return view
    }

    /// The listings a query shows, in order: sponsored first, then by the chosen sort.
    static func matching(_ query: ListingQuery, _ world: MiniWebWorld) -> [Listing] {
        let found = world.listings.filter { l in
            (query.category == nil || l.category == query.category)
                && (query.colour == nil || l.colour == query.colour)
                && (query.condition == nil || l.condition == query.condition)
                && (query.location == nil || l.location == query.location)
                && TextMatch.matches(query: query.text, in: "\(l.title) \(l.category) \(l.colour)")
        }
        let sorted = found.sorted { a, b in
            switch query.sort {
            case .newest: newestFirst(a, b)
            case .priceLow: a.price != b.price ? a.price < b.price : a.id < b.id
            case .priceHigh: a.price != b.price ? a.price > b.price : a.id < b.id
            }
        }
        return sorted.filter(\.sponsored) + sorted.filter { !$0.sponsored }
    }

    static func newestFirst(_ a: Listing, _ b: Listing) -> Bool { a.age != b.age ? a.age < b.age : a.id < b.id }

    static func results(_ query: ListingQuery, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var path = "search?q=\(TextMatch.urlQuery(query.text))"
        if let c = query.category { path += "&category=\(TextMatch.urlQuery(c))" }
        path += "&sort=\(TextMatch.urlQuery(query.sort.rawValue))"
        for (key, value) in [("colour", query.colour), ("condition", query.condition), ("location", query.location)] {
            if let value { path += "&\(key)=\(TextMatch.urlQuery(value))" }
        }
        var view = PageView(site: .classifieds, title: query.category ?? "Search results", path: path)
        header(&view, state, query: query.text)
        view.add(
            .combobox, "Sort by", .choose(.listingSort), value: query.sort.rawValue,
            options: ListingSort.allCases.map(\.rawValue))
        view.add(
            .combobox, "Colour", .choose(.colour), value: query.colour?.capitalisedFirst ?? "Any",
            options: ["Any"] + MiniWebVocabulary.colours.map(\.capitalisedFirst))
        view.add(
            .combobox, "Condition", .choose(.condition), value: query.condition?.capitalisedFirst ?? "Any",
            options: ["Any"] + MiniWebVocabulary.conditions.map(\.capitalisedFirst))
        view.add(
            .combobox, "Location", .choose(.location), value: query.location ?? "Any",
            options: ["Any"] + MiniWebVocabulary.locations)
        if !query.text.isEmpty {
            view.heading("Results for \"\(query.text)\"")
        } else {
            view.heading(query.category.map { "Listings in \($0)" } ?? "All listings")
        }
        view.addList(matching(query, world), offset: state.offset) { row(&$0, $1) }
        return view
    }

    static func row(_ view: inout PageView, _ l: Listing) {
        let line = "\(Money.dollars(l.price)) · \(l.condition) · \(l.location) · \(l.colour)"
        view.add(.link, l.title, .open(.listing(l.id)), details: [l.sponsored ? "Sponsored · " + line : line])
    }

    static func listing(_ id: Int, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        guard let l = world.listing(id) else { return home(world, state) }
        var view = PageView(site: .classifieds, title: l.title, path: "listing/\(id)")
        header(&view, state)
        view.heading(l.title)
        if l.sponsored { view.text("Sponsored") }
        view.text("Price: \(Money.dollars(l.price))")
        view.text("Category: \(l.category)")
        view.text("Colour: \(l.colour)")
        view.text("Condition: \(l.condition)")
        view.text("Location: \(l.location)")
        view.text("Seller: \(l.seller)")
        view.text("Posted: \(English.count(l.age, "day")) ago")
        view.text(l.description)
        let saved = state.favourites.contains(id)
        view.add(.button, saved ? "Remove from favourites" : "Add to favourites", .press(.toggleFavourite(id)))
        view.add(.link, "Contact seller", .open(.contact(id)))
        return view
    }

    static func contact(_ id: Int, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        guard let l = world.listing(id) else { return home(world, state) }
        var view = PageView(site: .classifieds, title: "Contact \(l.seller)", path: "listing/\(id)/contact")
        header(&view, state)
        view.heading("Message \(l.seller) about \(l.title)")
        view.add(.textbox, "Message", .field(.message(listing: id)))
        view.text("Typing a message sends it.")
        view.add(.link, "Back to listing", .open(.listing(id)))
        return view
    }

    static func favourites(_ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var view = PageView(site: .classifieds, title: "Favourites", path: "favourites")
        header(&view, state)
        view.heading("Your favourites")
        let saved = state.favourites.compactMap(world.listing)
        view.addList(saved, offset: state.offset, empty: "No favourites yet") { view, l in
            row(&view, l)
            view.add(.button, "Remove \(l.title)", .press(.removeFavourite(l.id)))
        }
        return view
    }
}
