/// The classifieds site's task templates.
enum ClassifiedsTasks {
    typealias Category = (name: String, kinds: [String], brands: [String], prices: ClosedRange<Int>)

    static func pickKind(_ rng: inout SeededGenerator) -> (Category, String) {
        let category = rng.pick(MiniWebVocabulary.categories)
        return (category, rng.pick(category.kinds))
    }

    static func otherColour(than colour: String, _ rng: inout SeededGenerator) -> String {
        rng.pick(MiniWebVocabulary.colours.filter { $0 != colour })
    }

    /// Adds the cheapest `colour` `kind` (optionally only among a condition or location), hidden under the default
    /// sort, with a cheaper near-miss that fails one criterion and a sponsored accessory on top.
    static func cheapest(
        _ world: inout MiniWebWorld, _ rng: inout SeededGenerator, category: Category, kind: String,
        colour: String? = nil, condition: String? = nil, location: String? = nil
    ) -> Listing {
        let price = rng.int(20...60)
        func fits(_ l: Listing) -> Bool {
            l.kind == kind && (colour == nil || l.colour == colour) && (condition == nil || l.condition == condition)
                && (location == nil || l.location == location)
        }
        let targetColour = colour ?? rng.pick(MiniWebVocabulary.colours)
        for _ in 0..<2 {
            world.addListing(
                &rng, category: category.name, kind: kind, colour: targetColour,
                price: price + rng.int(15...300), condition: condition, location: location)
        }
        world.updateListings(where: fits) { $0.price = max($0.price, price + 10) }
        let target = world.addListing(
            &rng, category: category.name, kind: kind, colour: targetColour, price: price,
            condition: condition ?? rng.pick(MiniWebVocabulary.conditions),
            location: location ?? rng.pick(MiniWebVocabulary.locations), age: world.oldestListingAge)
        // The near-miss is cheaper but fails exactly one criterion.
        let missColour = colour.map { otherColour(than: $0, &rng) } ?? targetColour
        let missCondition = condition.map { c in rng.pick(MiniWebVocabulary.conditions.filter { $0 != c }) }
        let missLocation = location.map { l in rng.pick(MiniWebVocabulary.locations.filter { $0 != l }) }
        world.addListing(
            &rng, category: category.name, kind: kind, colour: missColour, price: price - rng.int(5...15),
            condition: missCondition ?? target.condition, location: missLocation ?? target.location, age: 2)
        world.addListing(
            &rng, category: category.name, kind: "\(kind) \(rng.pick(MiniWebVocabulary.accessories))",
            colour: targetColour, price: price - rng.int(1...15), condition: condition, location: location,
            age: 3, sponsored: true)
        return target
    }

    /// An existing-looking item with near-misses: the same item in another colour and an accessory with its title
    /// as a prefix, each with a different seller, location and condition.
    static func itemWithNearMisses(_ world: inout MiniWebWorld, _ rng: inout SeededGenerator) -> Listing {
        let (category, kind) = pickKind(&rng)
        let colour = rng.pick(MiniWebVocabulary.colours)
        let brand = rng.pick(category.brands)
        let condition = rng.pick(MiniWebVocabulary.conditions)
        let location = rng.pick(MiniWebVocabulary.locations)
        let target = world.addListing(
            &rng, category: category.name, kind: kind, colour: colour, brand: brand,
            price: rng.int(category.prices), condition: condition, location: location)
        let otherConditions = MiniWebVocabulary.conditions.filter { $0 != condition }
        let otherLocations = MiniWebVocabulary.locations.filter { $0 != location }
        world.addListing(
            &rng, category: category.name, kind: kind, colour: otherColour(than: colour, &rng),
            brand: brand, price: rng.int(category.prices), condition: rng.pick(otherConditions),
            location: rng.pick(otherLocations), age: 2)
        let accessory = rng.pick(MiniWebVocabulary.accessories)
        world.addListing(
            &rng, category: category.name, kind: "\(kind) \(accessory)", colour: colour,
            title: "\(target.title) \(accessory)", price: rng.int(5...40),
            condition: rng.pick(otherConditions), location: rng.pick(otherLocations), age: 3)
        return target
    }

    static func message(_ rng: inout SeededGenerator) -> String {
        rng.pick(MiniWebVocabulary.messages).replacingPercent(with: String(rng.int(2...9) * 10))
    }

    static let templates: [TaskTemplate] = [
        TaskTemplate(.classifieds, "cheapest-in-colour") { world, rng in
            let (category, kind) = pickKind(&rng)
            let colour = rng.pick(MiniWebVocabulary.colours)
            let target = cheapest(&world, &rng, category: category, kind: kind, colour: colour)
            let answer = Money.dollars(target.price)
            return TaskDraft(
                intent: "What is the price of the cheapest \(colour) \(kind) on Classifieds?", goal: .answer(answer),
                solution: [
                    .type("Search listings", "\(colour) \(kind)"), .select("Sort by", "Price: low to high"),
                    .select("Colour", colour.capitalisedFirst), .stop(answer),
                ])
        },
        TaskTemplate(.classifieds, "priciest-in-category") { world, rng in
            let category = rng.pick(MiniWebVocabulary.categories)
            let top = world.listings.filter { $0.category == category.name }.map(\.price).max() ?? 100
            let target = world.addListing(
                &rng, category: category.name, kind: rng.pick(category.kinds),
                colour: rng.pick(MiniWebVocabulary.colours), price: top + rng.int(20...200),
                age: world.oldestListingAge)
            let answer = Money.dollars(target.price)
            return TaskDraft(
                intent: "What is the price of the most expensive listing in \(category.name)?", goal: .answer(answer),
                solution: [
                    .click(world.categoryLink(category.name)), .select("Sort by", "Price: high to low"),
                    .stop(answer),
                ])
        },
        TaskTemplate(.classifieds, "seller-of-item") { world, rng in
            let target = itemWithNearMisses(&world, &rng)
            return TaskDraft(
                intent: "Who is selling the \(target.title)? Answer with the seller's username.",
                goal: .answer(target.seller),
                solution: [.type("Search listings", target.title), .click(target.title), .stop(target.seller)])
        },
        TaskTemplate(.classifieds, "location-of-item") { world, rng in
            let target = itemWithNearMisses(&world, &rng)
            return TaskDraft(
                intent: "In which city is the \(target.title) listed?", goal: .answer(target.location),
                solution: [.type("Search listings", target.title), .stop(target.location)])
        },
        TaskTemplate(.classifieds, "condition-of-item") { world, rng in
            let target = itemWithNearMisses(&world, &rng)
            return TaskDraft(
                intent: "What condition is the \(target.title) in?", goal: .answer(target.condition),
                solution: [.type("Search listings", target.title), .click(target.title), .stop(target.condition)])
        },
        TaskTemplate(.classifieds, "count-in-location") { world, rng in
            let category = rng.pick(MiniWebVocabulary.categories)
            let location = rng.pick(MiniWebVocabulary.locations)
            let wanted = rng.int(6...9)
            while world.listings.filter({ $0.category == category.name && $0.location == location }).count < wanted {
                world.addListing(
                    &rng, category: category.name, kind: rng.pick(category.kinds),
                    colour: rng.pick(MiniWebVocabulary.colours), price: rng.int(category.prices),
                    location: location)
            }
            let count = world.listings.filter { $0.category == category.name && $0.location == location }.count
            return TaskDraft(
                intent: "How many \(category.name) listings are there in \(location)?", goal: .answer(String(count)),
                solution: [
                    .click(world.categoryLink(category.name)), .select("Location", location),
                    .stop(String(count)),
                ])
        },
        TaskTemplate(.classifieds, "newest-in-category") { world, rng in
            let category = rng.pick(MiniWebVocabulary.categories)
            let target = world.addListing(
                &rng, category: category.name, kind: rng.pick(category.kinds),
                colour: rng.pick(MiniWebVocabulary.colours), price: rng.int(category.prices),
                age: 1)
            world.addListing(
                &rng, category: category.name,
                kind: "\(rng.pick(category.kinds)) \(rng.pick(MiniWebVocabulary.accessories))",
                colour: rng.pick(MiniWebVocabulary.colours), price: rng.int(10...60), age: 2, sponsored: true)
            return TaskDraft(
                intent: "What is the title of the newest listing in \(category.name)?", goal: .answer(target.title),
                solution: [.click(world.categoryLink(category.name)), .stop(target.title)])
        },
        TaskTemplate(.classifieds, "cheapest-new-condition") { world, rng in
            let (category, kind) = pickKind(&rng)
            let target = cheapest(&world, &rng, category: category, kind: kind, condition: "new")
            let answer = Money.dollars(target.price)
            return TaskDraft(
                intent: "What is the price of the cheapest \(kind) listed in new condition?", goal: .answer(answer),
                solution: [
                    .type("Search listings", kind), .select("Condition", "New"),
                    .select("Sort by", "Price: low to high"), .stop(answer),
                ])
        },
        TaskTemplate(.classifieds, "cheapest-in-location") { world, rng in
            let (category, kind) = pickKind(&rng)
            let location = rng.pick(MiniWebVocabulary.locations)
            let target = cheapest(&world, &rng, category: category, kind: kind, location: location)
            let answer = Money.dollars(target.price)
            return TaskDraft(
                intent: "What is the price of the cheapest \(kind) in \(location)?", goal: .answer(answer),
                solution: [
                    .type("Search listings", kind), .select("Location", location),
                    .select("Sort by", "Price: low to high"), .stop(answer),
                ])
        },
        TaskTemplate(.classifieds, "favourite-cheapest") { world, rng in
            let (category, kind) = pickKind(&rng)
            let colour = rng.pick(MiniWebVocabulary.colours)
            let target = cheapest(&world, &rng, category: category, kind: kind, colour: colour)
            return TaskDraft(
                intent: "Add the cheapest \(colour) \(kind) to your favourites.", goal: .favourites([target.id]),
                solution: [
                    .type("Search listings", "\(colour) \(kind)"), .select("Colour", colour.capitalisedFirst),
                    .select("Sort by", "Price: low to high"), .click(target.title),
                    .click("Add to favourites"), .stop(nil),
                ])
        },
        TaskTemplate(.classifieds, "favourite-by-seller") { world, rng in
            let (category, kind) = pickKind(&rng)
            for _ in 0..<3 {
                world.addListing(
                    &rng, category: category.name, kind: kind, colour: rng.pick(MiniWebVocabulary.colours),
                    price: rng.int(category.prices))
            }
            let seller = WorldGenerator.username(&rng)
            let target = world.addListing(
                &rng, category: category.name, kind: kind,
                colour: rng.pick(MiniWebVocabulary.colours), price: rng.int(category.prices),
                seller: seller, age: 1)
            return TaskDraft(
                intent: "Add the \(kind) sold by \(seller) to your favourites.", goal: .favourites([target.id]),
                solution: [
                    .type("Search listings", kind), .click(target.title), .click("Add to favourites"),
                    .stop(nil),
                ])
        },
        TaskTemplate(.classifieds, "contact-seller") { world, rng in
            let target = itemWithNearMisses(&world, &rng)
            let text = message(&rng)
            return TaskDraft(
                intent: "Send the seller of the \(target.title) a message containing \"\(text)\".",
                goal: .message(listing: target.id, containing: text),
                solution: [
                    .type("Search listings", target.title), .click(target.title), .click("Contact seller"),
                    .type("Message", text), .stop(nil),
                ])
        },
        TaskTemplate(.classifieds, "contact-cheapest-in-location") { world, rng in
            let (category, kind) = pickKind(&rng)
            let location = rng.pick(MiniWebVocabulary.locations)
            let target = cheapest(&world, &rng, category: category, kind: kind, location: location)
            let text = message(&rng)
            return TaskDraft(
                intent: "Ask the seller of the cheapest \(kind) in \(location): \"\(text)\"",
                goal: .message(listing: target.id, containing: text),
                solution: [
                    .type("Search listings", kind), .select("Location", location),
                    .select("Sort by", "Price: low to high"), .click(target.title), .click("Contact seller"),
                    .type("Message", text), .stop(nil),
                ])
        },
        TaskTemplate(.classifieds, "seller-of-priciest") { world, rng in
            let (category, kind) = pickKind(&rng)
            let top = world.listings.filter { $0.kind == kind }.map(\.price).max() ?? 100
            let target = world.addListing(
                &rng, category: category.name, kind: kind,
                colour: rng.pick(MiniWebVocabulary.colours), price: top + rng.int(20...200),
                age: world.oldestListingAge)
            world.addListing(
                &rng, category: category.name, kind: "\(kind) \(rng.pick(MiniWebVocabulary.accessories))",
                colour: rng.pick(MiniWebVocabulary.colours), price: target.price + rng.int(10...90), age: 2,
                sponsored: true)
            return TaskDraft(
                intent: "Who is selling the most expensive \(kind)? Answer with the seller's username.",
                goal: .answer(target.seller),
                solution: [
                    .type("Search listings", kind), .select("Sort by", "Price: high to low"),
                    .click(target.title), .stop(target.seller),
                ])
        },
    ]
}
