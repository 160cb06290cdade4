/// Renders the shopping site's pages.
enum ShoppingPages {
    static func header(_ view: inout PageView, _ state: BrowserState, query: String = "") {
        view.addHeader(state, link: ("Cart (\(state.cart.count))", .cart), search: "Search products", query: query)
    }

    static func render(_ page: Page, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        switch page {
        case .products(let query): results(query, world, state)
        case .product(let choice): product(choice, world, state)
        case .cart: cart(world, state)
        case .checkout: checkout(world, state)
        default: home(world, state)
        }
    }

    static func home(_ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var view = PageView(site: .shopping, title: "Home", path: "")
        header(&view, state)
        view.heading("Departments")
        for department in MiniWebVocabulary.departments.map(\.name) {
            view.add(.link, world.departmentLink(department), .open(.products(ProductQuery(department: department))))
        }
        view.heading("Featured")
        for product in world.products.sorted(by: { $0.featuredRank < $1.featuredRank }).prefix(3) {
            row(&view, product)
        }
        return view
    }

    /// The products a query shows, in order: sponsored first, then by the chosen sort.
    static func matching(_ query: ProductQuery, _ world: MiniWebWorld) -> [Product] {
        let found = world.products.filter { p in
            (query.department == nil || p.department == query.department)
                && TextMatch.matches(query: query.text, in: "\(p.name) \(p.department)")
        }
        let sorted = found.sorted { a, b in
            switch query.sort {
            case .featured: a.featuredRank < b.featuredRank
            case .priceLow: a.price != b.price ? a.price < b.price : a.id < b.id
            case .priceHigh: a.price != b.price ? a.price > b.price : a.id < b.id
            case .rating: a.ratingTenths != b.ratingTenths ? a.ratingTenths > b.ratingTenths : a.id < b.id
            }
        }
        return sorted.filter(\.sponsored) + sorted.filter { !$0.sponsored }
    }

    static func results(_ query: ProductQuery, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var path = "search?q=\(TextMatch.urlQuery(query.text))"
        if let d = query.department { path += "&department=\(TextMatch.urlQuery(d))" }
        path += "&sort=\(TextMatch.urlQuery(query.sort.rawValue))"
        var view = PageView(site: .shopping, title: query.department ?? "Search results", path: path)
        header(&view, state, query: query.text)
        view.add(
            .combobox, "Sort by", .choose(.productSort), value: query.sort.rawValue,
            options: ProductSort.allCases.map(\.rawValue))
        if !query.text.isEmpty {
            view.heading("Results for \"\(query.text)\"")
        } else {
            view.heading(query.department ?? "All products")
        }
        view.addList(matching(query, world), offset: state.offset) { row(&$0, $1) }
        return view
    }

    static func row(_ view: inout PageView, _ p: Product) {
        let line = "\(Money.cents(p.price)) · \(p.ratingText) stars · \(English.count(p.reviews.count, "review"))"
        view.add(
            .link, p.name, .open(.product(ProductChoice(id: p.id))),
            details: [p.sponsored ? "Sponsored · " + line : line])
    }

    static func product(_ choice: ProductChoice, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        guard let p = world.product(choice.id) else { return home(world, state) }
        var view = PageView(site: .shopping, title: p.name, path: "product/\(p.id)")
        header(&view, state)
        view.heading(p.name)
        if p.sponsored { view.text("Sponsored") }
        view.text("Price: \(Money.cents(p.price))")
        view.text("Department: \(p.department)")
        view.text("Rating: \(p.ratingText) out of 5 (\(English.count(p.reviews.count, "review")))")
        if !p.colours.isEmpty {
            view.text("Colours: \(p.colours.joined(separator: ", "))")
            view.add(.combobox, "Colour", .choose(.productColour), value: choice.colour ?? "Choose", options: p.colours)
        }
        if !p.sizes.isEmpty {
            view.text("Sizes: \(p.sizes.joined(separator: ", "))")
            view.add(.combobox, "Size", .choose(.productSize), value: choice.size ?? "Choose", options: p.sizes)
        }
        view.add(.button, "Add to cart", .press(.addToCart))
        view.add(.button, "Buy now", .press(.buyNow))
        view.heading("Reviews")
        view.addList(p.reviews, offset: state.offset, empty: "No reviews yet") { view, r in
            view.text("\(English.count(r.stars, "star")) · \(r.author): \(r.text)")
        }
        return view
    }

    static func describe(_ line: CartLine, _ world: MiniWebWorld) -> String {
        guard let p = world.product(line.product) else { return "unknown item" }
        let parts = [p.name] + [line.colour, line.size].compactMap { $0 } + [Money.cents(p.price)]
        return parts.joined(separator: " · ")
    }

    static func cart(_ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var view = PageView(site: .shopping, title: "Cart", path: "cart")
        header(&view, state)
        view.heading("Your cart")
        if state.cart.isEmpty { view.text("Your cart is empty") }
        for (index, line) in state.cart.enumerated() {
            view.text(describe(line, world))
            view.add(.button, "Remove \(world.product(line.product)?.name ?? "item")", .press(.removeCartLine(index)))
        }
        view.text("Total: \(Money.cents(total(state.cart, world)))")
        view.add(.link, "Checkout", .open(.checkout))
        return view
    }

    static func total(_ cart: [CartLine], _ world: MiniWebWorld) -> Int {
        cart.compactMap { world.product($0.product)?.price }.reduce(0, +)
    }

    static func checkout(_ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var view = PageView(site: .shopping, title: "Checkout", path: "checkout")
        header(&view, state)
        view.heading("Checkout")
        view.text("\(English.count(state.cart.count, "item")) · Total: \(Money.cents(total(state.cart, world)))")
        view.add(.textbox, "Full name", .field(.fullName), value: state.fullName.isEmpty ? nil : state.fullName)
        view.add(.textbox, "Address", .field(.address), value: state.address.isEmpty ? nil : state.address)
        view.add(.button, "Place order", .press(.placeOrder))
        return view
    }
}
