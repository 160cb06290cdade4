import ArborCore

@testable import ArborModels
@testable import ArborOfflineAgent

/// Handwritten pages in MiniWeb's format (docs/miniweb.md), and contexts built on them.
enum Pages {
    static let sellerTask = "Who is selling the Red Trek mountain bike? Answer with the seller's username."

    static let bikeResults = """
        Tab: Classifieds — Results for "red bike"
        URL: miniweb://classifieds/search?q=red+bike
        [1] link 'Home'
        [2] link 'Favourites (0)'
        [3] searchbox 'Search listings' value='red bike'
        [4] button 'Search'
        [5] combobox 'Sort by' value='Newest'
            StaticText 'Options: Newest | Price: low to high | Price: high to low'
        heading 'Results for "red bike"'
        [6] link 'Red Trek mountain bike helmet'
            StaticText 'Sponsored · $45 · new · Oakland · red'
        [7] link 'Blue Trek mountain bike'
            StaticText '$150 · used · Berkeley · blue'
        [8] link 'Red Trek mountain bike'
            StaticText '$120 · used · Oakland · red'
        StaticText 'Showing 1–3 of 3'
        """

    static let helmetListing = """
        Tab: Classifieds — Red Trek mountain bike helmet
        URL: miniweb://classifieds/listing/41
        [1] link 'Home'
        [2] link 'Favourites (0)'
        [3] searchbox 'Search listings'
        [4] button 'Search'
        heading 'Red Trek mountain bike helmet'
        StaticText 'Price: $45'
        StaticText 'Category: Bicycles'
        StaticText 'Colour: Red'
        StaticText 'Condition: new'
        StaticText 'Location: Oakland'
        StaticText 'Seller: promo_gear'
        [5] button 'Add to favourites'
        [6] link 'Contact seller'
        """

    static let bikeListing = """
        Tab: Classifieds — Red Trek mountain bike
        URL: miniweb://classifieds/listing/17
        [1] link 'Home'
        [2] link 'Favourites (0)'
        [3] searchbox 'Search listings'
        [4] button 'Search'
        heading 'Red Trek mountain bike'
        StaticText 'Price: $120'
        StaticText 'Category: Bicycles'
        StaticText 'Colour: Red'
        StaticText 'Condition: used'
        StaticText 'Location: Oakland'
        StaticText 'Seller: trailrider'
        StaticText 'Posted: 3 days ago'
        [5] button 'Add to favourites'
        [6] link 'Contact seller'
        """

    static let forumHome = """
        Tab: Forum — Home
        URL: miniweb://forum/
        [1] link 'Home'
        [2] searchbox 'Search posts'
        [3] button 'Search'
        heading 'Subforums'
        [4] link 'Cycling (8 posts)'
        [5] link 'Cooking (6 posts)'
        [6] link 'Gardening (5 posts)'
        """

    static let shoeTask = "What is the price of the Nike Pegasus running shoe in blue?"

    static let shoeResults = """
        Tab: Shopping — Results for "nike pegasus"
        URL: miniweb://shopping/search?q=nike+pegasus
        [1] link 'Home'
        [2] link 'Cart (0)'
        [3] searchbox 'Search products' value='nike pegasus'
        [4] button 'Search'
        [5] combobox 'Sort by' value='Featured'
            StaticText 'Options: Featured | Price: low to high | Price: high to low | Rating'
        heading 'Results for "nike pegasus"'
        [6] link 'Nike Pegasus running shoe, blue'
            StaticText 'Sponsored · $89.99 · 4.8 stars · 3 reviews'
        [7] link 'Nike Pegasus running shoe'
            StaticText '$59.99 · 4.3 stars · 12 reviews'
        [8] link 'Nike Air trail sock'
            StaticText '$9.99 · 4.0 stars · 5 reviews'
        StaticText 'Showing 1–3 of 3'
        """

    /// MiniWeb's action forms, as a grammar for a prompt.
    static let webGrammar =
        "click [id] · type [id] \"text\" · select [id] \"option\" · scroll down · scroll up · go_back · stop \"answer\" · stop"

    static func context(
        _ task: String, _ page: String, previous: [String] = [], reflections: [Reflection] = [], episode: Int = 0,
        node: NodeID = .root, attempt: Int = 0, grammar: String = webGrammar
    ) -> AgentContext {
        AgentContext(
            episode: episode, node: node, task: task, observation: page, previousActions: previous,
            actionGrammar: grammar,
            reflections: reflections, attempt: attempt)
    }
}
