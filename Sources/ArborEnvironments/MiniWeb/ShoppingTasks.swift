/// The shopping site's task templates.
enum ShoppingTasks {
    typealias Department = (
        name: String, kinds: [String], brands: [String], sizes: [String], colours: Bool,
        cents: ClosedRange<Int>
    )

    static let variants = ["Lite", "Pro", "2", "Max"]

    static func department(_ rng: inout SeededGenerator, named name: String? = nil) -> Department {
        let all = MiniWebVocabulary.departments
        return all.first { $0.name == name } ?? rng.pick(all)
    }

    /// A fresh product of `department` plus a near-miss whose name extends it ("… Pro"), differing in price,
    /// rating, review count and colours.
    static func productWithNearMiss(
        _ world: inout MiniWebWorld, _ rng: inout SeededGenerator, department: Department, sponsoredMiss: Bool = false
    ) -> Product {
        let name = "\(rng.pick(department.brands)) \(rng.pick(department.kinds))"
        let colours =
            department.colours ? rng.sample(MiniWebVocabulary.colours, rng.int(2...4)).map(\.capitalisedFirst) : []
        let target = world.addProduct(
            &rng, name: name, department: department.name, price: rng.int(department.cents),
            colours: colours, reviews: WorldGenerator.reviews(&rng, count: rng.int(2...5)))
        var missReviews = WorldGenerator.reviews(&rng, count: target.reviews.count + rng.int(1...3))
        // Make the near-miss's rating differ from the target's.
        while Product.rating(missReviews) == target.ratingTenths {
            missReviews.append(WorldGenerator.review(&rng, stars: rng.int(1...5)))
        }
        let missColours =
            department.colours
            ? (colours.count >= 3
                ? Array(colours.prefix(1))
                : colours + ["Grey", "White", "Yellow"].filter { !colours.contains($0) }.prefix(2))
            : []
        world.addProduct(
            &rng, name: "\(name) \(rng.pick(variants))", department: department.name,
            price: target.price + rng.int(5...40) * 100 - 1, colours: missColours, reviews: missReviews,
            featuredRank: 0, sponsored: sponsoredMiss)
        return target
    }

    /// Steps that choose the first colour and size of `product`, when it has them.
    static func chooseOptions(_ product: Product) -> [ScriptStep] {
        (product.colours.first.map { [ScriptStep.select("Colour", $0)] } ?? [])
            + (product.sizes.first.map { [ScriptStep.select("Size", $0)] } ?? [])
    }

    static func line(_ product: Product, colour: String? = nil, size: String? = nil) -> CartLine {
        CartLine(product: product.id, colour: colour ?? product.colours.first, size: size ?? product.sizes.first)
    }

    /// Adds the cheapest (or dearest) item of a department, last under the default Featured sort.
    static func extreme(_ world: inout MiniWebWorld, _ rng: inout SeededGenerator, cheapest: Bool) -> Product {
        let dept = department(&rng)
        let prices = world.products.filter { $0.department == dept.name }.map(\.price)
        let price =
            cheapest
            ? max(199, (prices.min() ?? 1_000) - rng.int(2...20) * 50) : (prices.max() ?? 1_000) + rng.int(2...20) * 50
        let inDepartment: (Product) -> Bool = { $0.department == dept.name }
        world.updateProducts(where: inDepartment) { p in
            if cheapest { p.price = max(p.price, price + 100) } else { p.price = min(p.price, price - 100) }
        }
        return world.addProduct(
            &rng, name: "\(rng.pick(dept.brands)) \(rng.pick(dept.kinds)) \(rng.pick(variants))",
            department: dept.name, price: price, featuredRank: world.lastFeaturedRank)
    }

    static let templates: [TaskTemplate] = [
        TaskTemplate(.shopping, "cart-size-colour") { world, rng in
            let dept = department(&rng, named: rng.pick(["Shoes", "Clothing"]))
            let target = productWithNearMiss(&world, &rng, department: dept)
            let colour = rng.pick(target.colours)
            let size = rng.pick(target.sizes)
            return TaskDraft(
                intent: "Add the \(target.name) in \(colour.lowercased()), size \(size), to your cart.",
                goal: .cart([CartLine(product: target.id, colour: colour, size: size)]),
                solution: [
                    .type("Search products", target.name), .click(target.name), .select("Colour", colour),
                    .select("Size", size), .click("Add to cart"), .stop(nil),
                ])
        },
        TaskTemplate(.shopping, "price-of-product") { world, rng in
            let target = productWithNearMiss(&world, &rng, department: department(&rng), sponsoredMiss: true)
            let answer = Money.cents(target.price)
            return TaskDraft(
                intent: "What is the price of the \(target.name)?", goal: .answer(answer),
                solution: [.type("Search products", target.name), .stop(answer)])
        },
        TaskTemplate(.shopping, "rating-of-product") { world, rng in
            let target = productWithNearMiss(&world, &rng, department: department(&rng))
            return TaskDraft(
                intent: "What is the average customer rating of the \(target.name)?", goal: .answer(target.ratingText),
                solution: [.type("Search products", target.name), .click(target.name), .stop(target.ratingText)])
        },
        TaskTemplate(.shopping, "review-count") { world, rng in
            let target = productWithNearMiss(&world, &rng, department: department(&rng))
            let answer = String(target.reviews.count)
            return TaskDraft(
                intent: "How many reviews does the \(target.name) have?", goal: .answer(answer),
                solution: [.type("Search products", target.name), .stop(answer)])
        },
        TaskTemplate(.shopping, "cheapest-in-category") { world, rng in
            let target = extreme(&world, &rng, cheapest: true)
            let answer = Money.cents(target.price)
            return TaskDraft(
                intent: "What is the price of the cheapest item in \(target.department)?", goal: .answer(answer),
                solution: [
                    .click(world.departmentLink(target.department)), .select("Sort by", "Price: low to high"),
                    .stop(answer),
                ])
        },
        TaskTemplate(.shopping, "priciest-in-category") { world, rng in
            let target = extreme(&world, &rng, cheapest: false)
            let answer = Money.cents(target.price)
            return TaskDraft(
                intent: "What is the price of the most expensive item in \(target.department)?", goal: .answer(answer),
                solution: [
                    .click(world.departmentLink(target.department)), .select("Sort by", "Price: high to low"),
                    .stop(answer),
                ])
        },
        TaskTemplate(.shopping, "best-rated-in-category") { world, rng in
            let dept = department(&rng)
            world.updateProducts(where: { $0.department == dept.name && $0.ratingTenths >= 47 }) { p in
                p.reviews.append(Review(author: WorldGenerator.username(&rng), stars: 2, text: "Not as pictured."))
                p.reviews.append(Review(author: WorldGenerator.username(&rng), stars: 1, text: "Arrived damaged."))
            }
            let target = world.addProduct(
                &rng, name: "\(rng.pick(dept.brands)) \(rng.pick(dept.kinds)) \(rng.pick(variants))",
                department: dept.name, price: rng.int(dept.cents),
                reviews: (0..<rng.int(3...6)).map { _ in WorldGenerator.review(&rng, stars: 5) },
                featuredRank: world.lastFeaturedRank)
            world.addProduct(
                &rng, name: "\(rng.pick(dept.brands)) \(rng.pick(dept.kinds)) Deluxe",
                department: dept.name, price: rng.int(dept.cents),
                reviews: [4, 5, 5, 4, 5].map { WorldGenerator.review(&rng, stars: $0) }, featuredRank: 0,
                sponsored: true)
            return TaskDraft(
                intent: "Which product in \(dept.name) has the highest rating? Answer with its name.",
                goal: .answer(target.name),
                solution: [.click(world.departmentLink(dept.name)), .select("Sort by", "Rating"), .stop(target.name)])
        },
        TaskTemplate(.shopping, "lowest-review-author") { world, rng in
            let dept = department(&rng)
            var reviews = (0..<rng.int(6...9)).map { _ in WorldGenerator.review(&rng, stars: rng.int(3...5)) }
            let low = WorldGenerator.review(&rng, stars: rng.int(1...2))
            reviews.insert(low, at: rng.int(5...reviews.count))
            let target = world.addProduct(
                &rng, name: "\(rng.pick(dept.brands)) \(rng.pick(dept.kinds))",
                department: dept.name, price: rng.int(dept.cents), reviews: reviews)
            return TaskDraft(
                intent: "Who wrote the lowest-rated review of the \(target.name)? Answer with the username.",
                goal: .answer(low.author),
                solution: [.type("Search products", target.name), .click(target.name), .scrollDown, .stop(low.author)])
        },
        TaskTemplate(.shopping, "colour-count") { world, rng in
            let dept = department(&rng, named: rng.pick(["Shoes", "Clothing", "Kitchen", "Electronics"]))
            let target = productWithNearMiss(&world, &rng, department: dept)
            let answer = String(target.colours.count)
            return TaskDraft(
                intent: "In how many colours is the \(target.name) available?", goal: .answer(answer),
                solution: [.type("Search products", target.name), .click(target.name), .stop(answer)])
        },
        TaskTemplate(.shopping, "cart-cheapest-in-category") { world, rng in
            let target = extreme(&world, &rng, cheapest: true)
            return TaskDraft(
                intent: "Add the cheapest item in \(target.department) to your cart.", goal: .cartProducts([target.id]),
                solution: [
                    .click(world.departmentLink(target.department)), .select("Sort by", "Price: low to high"),
                    .click(target.name),
                ] + chooseOptions(target) + [.click("Add to cart"), .stop(nil)])
        },
        TaskTemplate(.shopping, "cart-two-items") { world, rng in
            let books = department(&rng, named: "Books")
            let first = productWithNearMiss(&world, &rng, department: books)
            var name = first.name
            while name.hasPrefix(first.name) || first.name.hasPrefix(name) {
                name = "\(rng.pick(books.brands)) \(rng.pick(books.kinds))"
            }
            let second = world.addProduct(&rng, name: name, department: "Books", price: rng.int(books.cents))
            return TaskDraft(
                intent: "Add the \(first.name) and the \(second.name) to your cart.",
                goal: .cartProducts([first.id, second.id]),
                solution: [
                    .type("Search products", first.name), .click(first.name), .click("Add to cart"),
                    .type("Search products", second.name), .click(second.name), .click("Add to cart"),
                    .stop(nil),
                ])
        },
        TaskTemplate(.shopping, "remove-from-cart") { world, rng in
            let picked = rng.sample(world.products.filter { !$0.sponsored }, 3)
            let cart = picked.map { line($0) }
            let target = picked[rng.int(0...2)]
            return TaskDraft(
                intent: "Remove the \(target.name) from your cart and keep the other items.",
                goal: .cart(cart.filter { $0.product != target.id }),
                solution: [.click("Cart (3)"), .click("Remove \(target.name)"), .stop(nil)], cart: cart)
        },
        TaskTemplate(.shopping, "cart-total") { world, rng in
            let picked = rng.sample(world.products.filter { !$0.sponsored }, rng.int(2...4))
            let cart = picked.map { line($0) }
            let answer = Money.cents(ShoppingPages.total(cart, world))
            return TaskDraft(
                intent: "What is the total of your shopping cart?", goal: .answer(answer),
                solution: [.click("Cart (\(cart.count))"), .stop(answer)], cart: cart)
        },
        TaskTemplate(.shopping, "checkout") { world, rng in
            let target = productWithNearMiss(&world, &rng, department: department(&rng, named: "Books"))
            let name = rng.pick(MiniWebVocabulary.people)
            let address = rng.pick(MiniWebVocabulary.streets)
            return TaskDraft(
                intent: "Buy the \(target.name) for \(name), shipping to \(address).",
                goal: .order(CartLine(product: target.id), name: name, address: address),
                solution: [
                    .type("Search products", target.name), .click(target.name), .click("Buy now"),
                    .type("Full name", name), .type("Address", address), .click("Place order"), .stop(nil),
                ])
        },
    ]
}

extension Product {
    /// The rating in tenths that `reviews` would give a product.
    static func rating(_ reviews: [Review]) -> Int {
        guard !reviews.isEmpty else { return 0 }
        return (reviews.map(\.stars).reduce(0, +) * 20 + reviews.count) / (2 * reviews.count)
    }
}
