/// The words MiniWeb's generator builds its sites from.
enum MiniWebVocabulary {
    static let colours = ["black", "blue", "green", "grey", "red", "white", "yellow"]
    static let locations = ["Berkeley", "Fremont", "Oakland", "Palo Alto", "San Jose"]
    static let conditions = ["new", "like new", "used", "for parts"]

    /// Classifieds categories, each with the kinds of item and brands it lists and a price range in dollars.
    static let categories: [(name: String, kinds: [String], brands: [String], prices: ClosedRange<Int>)] = [
        (
            "Bicycles", ["mountain bike", "road bike", "BMX bike", "kids bike", "cruiser bike"],
            ["Trek", "Giant", "Schwinn", "Cannondale"], 40...900
        ),
        (
            "Furniture", ["sofa", "armchair", "dining table", "bookshelf", "desk"],
            ["IKEA", "Ashley", "Habitat", "Wayfair"], 20...1200
        ),
        (
            "Electronics", ["laptop", "monitor", "headphones", "camera", "speaker"],
            ["Sony", "Dell", "Canon", "Bose"], 15...1500
        ),
        (
            "Instruments", ["acoustic guitar", "keyboard", "violin", "drum kit", "ukulele"],
            ["Yamaha", "Fender", "Roland", "Casio"], 30...2000
        ),
    ]

    /// Accessories whose titles contain an item's words without being the item.
    static let accessories = ["cover", "bag", "stand", "manual"]

    static let departments:
        [(
            name: String, kinds: [String], brands: [String], sizes: [String], colours: Bool,
            cents: ClosedRange<Int>
        )] = [
            (
                "Shoes", ["running shoes", "trail runners", "sneakers", "hiking boots", "sandals"],
                ["Stride", "Apex", "Nimbus", "Terra"], ["7", "8", "9", "10", "11"], true, 2_999...15_999
            ),
            (
                "Clothing", ["rain jacket", "hoodie", "t-shirt", "fleece", "jeans"],
                ["Northfield", "Urbane", "Coastline", "Summit"], ["S", "M", "L", "XL"], true, 999...12_999
            ),
            (
                "Kitchen", ["coffee maker", "blender", "kettle", "toaster", "chef knife"],
                ["Brewline", "Kitchy", "Culina", "Hearth"], [], true, 1_499...19_999
            ),
            (
                "Electronics", ["wireless earbuds", "bluetooth speaker", "smart watch", "phone charger", "e-reader"],
                ["Volt", "Sonic", "Pixel", "Aura"], [], true, 999...29_999
            ),
            (
                "Books", ["cookbook", "travel guide", "novel", "field guide", "atlas"],
                ["Harbor Press", "Lantern", "Orchard", "Meridian"], [], false, 599...4_999
            ),
        ]

    static let subforums: [(name: String, topics: [String])] = [
        (
            "Cycling",
            [
                "tubeless tyres", "chain lube", "commuting in the rain", "bike fit", "clipless pedals",
                "gravel bikes", "saddle sores", "winter riding", "disc brakes", "bike locks",
            ]
        ),
        (
            "Cooking",
            [
                "sourdough starters", "cast iron pans", "knife sharpening", "meal prep", "homemade pasta",
                "spice blends", "pressure cookers", "fermenting vegetables", "baking bread", "stock",
            ]
        ),
        (
            "Gardening",
            [
                "tomato blight", "raised beds", "composting", "watering schedules", "seed starting",
                "pruning roses", "slugs", "mulch", "growing garlic", "herb gardens",
            ]
        ),
        (
            "Photography",
            [
                "prime lenses", "night shots", "film cameras", "editing workflows", "tripods",
                "portrait lighting", "street photography", "lens cleaning", "drone photos", "RAW files",
            ]
        ),
        (
            "Gaming",
            [
                "speedruns", "retro consoles", "mechanical keyboards", "co-op games", "controller drift",
                "indie games", "game soundtracks", "board game nights", "streaming setups", "save files",
            ]
        ),
    ]

    static let postPatterns = [
        "Thoughts on %?", "My experience with %", "Help with %", "Beginner questions about %",
        "What I learned about %", "Is % worth it?",
    ]

    static let nameStarts = [
        "al", "ben", "cara", "dev", "eli", "fay", "gus", "hana", "ivo", "jo", "kai", "lena",
        "milo", "nora", "otto", "pia", "quin", "rosa", "sami", "tess", "uma", "vic", "wren",
        "yara", "zed",
    ]
    static let nameEnds = ["fox", "wood", "ray", "stone", "hill", "bird", "lake", "moss", "sun", "vale"]

    static let praise = [
        "Works exactly as described.", "Great value for the price.", "Would buy again.",
        "Solid and well made.",
    ]
    static let complaints = [
        "Broke after a week.", "Not as pictured.", "Runs small and feels cheap.",
        "Arrived damaged.",
    ]
    static let middling = ["It is fine, nothing special.", "Does the job.", "Okay for the money."]
    static let remarks = [
        "Great point, thanks for sharing.", "I had the same problem last year.",
        "Have you tried asking at a local shop?", "This is the best advice in the thread.",
        "I disagree, it depends on the budget.", "Following this.", "Same here.",
        "Thanks, this helped a lot.",
    ]

    static let people = [
        "Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra",
        "Barbara Liskov", "Donald Knuth", "Margaret Hamilton",
    ]
    static let streets = [
        "12 Elm Street, Oakland", "48 Bay Road, Berkeley", "7 Harbor Way, San Jose",
        "300 Pine Avenue, Fremont", "95 Oak Lane, Palo Alto",
    ]
    static let messages = [
        "Is it still available?", "Would you take $%?", "Can I pick it up this weekend?",
        "Does it come with the original box?",
    ]
    static let replies = [
        "Thanks for the tip!", "I agree with this.", "Great write-up.",
        "Could you share more details?",
    ]
}
