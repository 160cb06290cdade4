/// Builds the base world of a task: every site filled with seeded content. Templates then add their targets and
/// traps to it (see ``WorldEditing``).
enum WorldGenerator {
    static func world(_ rng: inout SeededGenerator) -> MiniWebWorld {
        var world = MiniWebWorld()
        world.freeIDs = rng.shuffled(Array(1...999))
        addListings(to: &world, &rng)
        addProducts(to: &world, &rng)
        addPosts(to: &world, &rng)
        return world
    }

    static func username(_ rng: inout SeededGenerator) -> String {
        rng.pick(MiniWebVocabulary.nameStarts) + rng.pick(MiniWebVocabulary.nameEnds) + String(rng.int(2...98))
    }

    private static func addListings(to world: inout MiniWebWorld, _ rng: inout SeededGenerator) {
        let perCategory = 9
        // Even ages from 4 up leave room for templates to add a newest (1–3) or an oldest (beyond the max) item.
        var ages = rng.shuffled(Array(0..<(perCategory * MiniWebVocabulary.categories.count)).map { 4 + 2 * $0 })
        for category in MiniWebVocabulary.categories {
            var made = 0
            while made < perCategory {
                let colour = rng.pick(MiniWebVocabulary.colours)
                let kind = rng.pick(category.kinds)
                let title = "\(colour.capitalisedFirst) \(rng.pick(category.brands)) \(kind)"
                if world.listings.contains(where: { $0.title == title }) { continue }
                made += 1
                world.listings.append(
                    Listing(
                        id: world.freeIDs.removeLast(), title: title, category: category.name, kind: kind,
                        colour: colour, price: rng.int(category.prices),
                        condition: rng.pick(MiniWebVocabulary.conditions),
                        location: rng.pick(MiniWebVocabulary.locations), seller: username(&rng),
                        age: ages.removeLast(), description: "Selling my \(kind). Pick up only, cash or transfer."))
            }
        }
    }

    private static func addProducts(to world: inout MiniWebWorld, _ rng: inout SeededGenerator) {
        let perDepartment = 7
        var ranks = rng.shuffled(Array(1...(perDepartment * MiniWebVocabulary.departments.count)))
        for department in MiniWebVocabulary.departments {
            var made = 0
            while made < perDepartment {
                let name = "\(rng.pick(department.brands)) \(rng.pick(department.kinds))"
                if world.products.contains(where: { $0.name == name }) { continue }
                made += 1
                let colours =
                    department.colours
                    ? MiniWebVocabulary.colours.filter { _ in rng.chance(0.45) }.map(\.capitalisedFirst) : []
                world.products.append(
                    Product(
                        id: world.freeIDs.removeLast(), name: name, department: department.name,
                        price: rng.int(department.cents),
                        colours: colours.isEmpty && department.colours ? ["Black"] : colours,
                        sizes: department.sizes, reviews: reviews(&rng, count: rng.int(1...8)),
                        featuredRank: ranks.removeLast()))
            }
        }
    }

    static func reviews(_ rng: inout SeededGenerator, count: Int) -> [Review] {
        (0..<count).map { _ in review(&rng, stars: rng.int(1...5)) }
    }

    static func review(_ rng: inout SeededGenerator, stars: Int) -> Review {
        let text =
            stars >= 4
            ? rng.pick(MiniWebVocabulary.praise)
            : stars <= 2 ? rng.pick(MiniWebVocabulary.complaints) : rng.pick(MiniWebVocabulary.middling)
        return Review(author: username(&rng), stars: stars, text: text)
    }

    private static func addPosts(to world: inout MiniWebWorld, _ rng: inout SeededGenerator) {
        let perSubforum = 8
        let total = perSubforum * MiniWebVocabulary.subforums.count
        // Distinct points and ages make "top" and "newest" unambiguous; even values leave room for templates.
        var points = rng.shuffled(Array(0..<total).map { 6 + 2 * $0 + 3 * ($0 / 4) })
        var ages = rng.shuffled(Array(0..<total).map { 4 + 2 * $0 })
        for subforum in MiniWebVocabulary.subforums {
            world.subforums.append(subforum.name)
            var made = 0
            while made < perSubforum {
                let title = rng.pick(MiniWebVocabulary.postPatterns).replacingPercent(with: rng.pick(subforum.topics))
                if world.posts.contains(where: { $0.title == title }) { continue }
                made += 1
                world.posts.append(
                    Post(
                        id: world.freeIDs.removeLast(), subforum: subforum.name, title: title, author: username(&rng),
                        points: points.removeLast(), age: ages.removeLast(),
                        body: "Curious what everyone here thinks. Share your tips below.",
                        comments: comments(&rng, count: rng.int(0...7))))
            }
        }
    }

    static func comments(_ rng: inout SeededGenerator, count: Int) -> [Comment] {
        let points = rng.shuffled(Array(0..<max(count, 1)).map { 2 * $0 + 1 })
        return (0..<count).map { i in
            Comment(author: username(&rng), text: rng.pick(MiniWebVocabulary.remarks), points: points[i])
        }
    }
}

extension String {
    /// The string with its first letter in upper case ("red" → "Red").
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }

    /// The string with every `%` replaced by `value` (templates of titles and messages).
    func replacingPercent(with value: String) -> String {
        split(separator: "%", omittingEmptySubsequences: false).joined(separator: value)
    }
}
