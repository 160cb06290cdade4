/// An interactive element's role, as printed.
enum Role: String, Sendable {
    case link, button, searchbox, textbox, combobox
}

/// What an element does when acted on. Kept beside the element so acting never re-derives the page.
enum Control: Equatable, Sendable {
    case open(Page)
    /// A searchbox: typing runs a search on the current site.
    case search
    /// The Search button: runs the search in the searchbox (all items when empty).
    case searchButton
    case choose(Choice)
    case field(Field)
    case press(Press)
}

/// A combobox's meaning.
enum Choice: Equatable, Sendable {
    case listingSort, colour, condition, location, productSort, productColour, productSize, postSort
}

/// A textbox's meaning.
enum Field: Equatable, Sendable {
    case message(listing: Int)
    case comment(post: Int)
    case fullName
    case address
}

/// A button's effect.
enum Press: Equatable, Sendable {
    case toggleFavourite(Int)
    case removeFavourite(Int)
    case addToCart
    case buyNow
    case removeCartLine(Int)
    case placeOrder
    case togglePostVote(Int)
    case toggleCommentVote(CommentRef)
}

/// One interactive element of a page.
struct Element: Equatable, Sendable {
    var role: Role
    var name: String
    var value: String?
    var options: [String] = []
    var control: Control
    /// Indented StaticText lines describing the element.
    var details: [String] = []
}

/// One line of a page, before numbering.
enum PageLine: Equatable, Sendable {
    case element(Element)
    case text(String)
    case heading(String)
}

/// A page as the agent sees it: title, URL and lines; ids are assigned in reading order when rendered.
struct PageView: Equatable, Sendable {
    var site: MiniWebSite
    var title: String
    var path: String
    var lines: [PageLine] = []
    /// The list window's size and position, when the page has a list.
    var listCount = 0
    var listOffset = 0

    /// Elements in id order: element `n` is `elements[n - 1]`.
    var elements: [Element] {
        lines.compactMap { if case .element(let e) = $0 { e } else { nil } }
    }

    func element(_ id: Int) -> Element? {
        let all = elements
        return id >= 1 && id <= all.count ? all[id - 1] : nil
    }

    var canScrollDown: Bool { listOffset + PageView.window < listCount }
    var canScrollUp: Bool { listOffset > 0 }

    static let window = 5

    var text: String {
        var out = ["Tab: \(site.title) — \(title)", "URL: miniweb://\(site.rawValue)/\(path)"]
        var id = 0
        for line in lines {
            switch line {
            case .text(let t): out.append("StaticText '\(t)'")
            case .heading(let t): out.append("heading '\(t)'")
            case .element(let e):
                id += 1
                var head = "[\(id)] \(e.role.rawValue) '\(e.name)'"
                if let value = e.value { head += " value='\(value)'" }
                out.append(head)
                if !e.options.isEmpty { out.append("    StaticText 'Options: \(e.options.joined(separator: " | "))'") }
                out += e.details.map { "    StaticText '\($0)'" }
            }
        }
        return out.joined(separator: "\n")
    }

    mutating func add(
        _ role: Role, _ name: String, _ control: Control, value: String? = nil,
        options: [String] = [], details: [String] = []
    ) {
        lines.append(
            .element(
                Element(
                    role: role, name: name, value: value, options: options, control: control,
                    details: details)))
    }

    /// The lines every page of a site starts with: Home, the site's own link, the search box and button, and the
    /// notice of the last action.
    mutating func addHeader(_ state: BrowserState, link: (name: String, page: Page)?, search: String, query: String) {
        add(.link, "Home", .open(.home(site)))
        if let link { add(.link, link.name, .open(link.page)) }
        add(.searchbox, search, .search, value: query.isEmpty ? nil : query)
        add(.button, "Search", .searchButton)
        if let notice = state.notice { text("Notice: \(notice)") }
    }

    mutating func text(_ t: String) { lines.append(.text(t)) }
    mutating func heading(_ t: String) { lines.append(.heading(t)) }

    /// Adds the visible window of `items` and the footer that says where it is.
    mutating func addList<T>(
        _ items: [T], offset: Int, empty: String = "No results", _ row: (inout PageView, T) -> Void
    ) {
        listCount = items.count
        listOffset = min(offset, max(0, items.count - 1))
        guard !items.isEmpty else {
            text(empty)
            return
        }
        let end = min(items.count, listOffset + PageView.window)
        for item in items[listOffset..<end] { row(&self, item) }
        var footer = "Showing \(listOffset + 1)–\(end) of \(items.count)"
        if canScrollUp { footer += " · scroll up for previous" }
        if canScrollDown { footer += " · scroll down for more" }
        text(footer)
    }
}
