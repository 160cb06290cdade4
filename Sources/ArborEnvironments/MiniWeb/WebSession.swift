/// One episode's world and browser state, with the rules for acting on a page. A value: a snapshot is a copy.
struct WebSession: Equatable, Sendable {
    let world: MiniWebWorld
    var state: BrowserState

    var view: PageView {
        switch state.page.site {
        case .classifieds: ClassifiedsPages.render(state.page, world, state)
        case .shopping: ShoppingPages.render(state.page, world, state)
        case .forum: ForumPages.render(state.page, world, state)
        }
    }

    /// The action in canonical form if it can be taken on `view`, or why not.
    func validate(_ action: WebAction, on view: PageView) -> Result<WebAction, Refusal> {
        if state.stopped { return .failure("the episode is over") }
        func element(_ id: Int, _ roles: [Role]) -> Result<Element, Refusal> {
            guard let e = view.element(id) else { return .failure("there is no element [\(id)] on this page") }
            guard roles.contains(e.role) else { return .failure("[\(id)] is a \(e.role.rawValue)") }
            return .success(e)
        }
        switch action {
        case .click(let id):
            return element(id, [.link, .button]).map { _ in action }
        case .type(let id, let text):
            return element(id, [.searchbox, .textbox]).map { _ in .type(id, text) }
        case .select(let id, let option):
            return element(id, [.combobox]).flatMap { e in
                let wanted = TextMatch.words(option)
                guard let exact = e.options.first(where: { TextMatch.words($0) == wanted }) else {
                    return .failure(
                        "'\(e.name)' has no option \"\(option)\"; options: \(e.options.joined(separator: ", "))")
                }
                return .success(.select(id, exact))
            }
        case .scrollDown:
            return view.canScrollDown ? .success(action) : .failure("nothing more to scroll down to")
        case .scrollUp:
            return view.canScrollUp ? .success(action) : .failure("already at the top")
        case .goBack:
            return state.history.isEmpty ? .failure("this is the first page") : .success(action)
        case .stop:
            return .success(action)
        }
    }

    /// Takes a validated action.
    mutating func perform(_ action: WebAction, on view: PageView) {
        switch action {
        case .click(let id):
            guard let e = view.element(id) else { return }
            activate(e.control)
        case .type(let id, let text):
            guard let e = view.element(id) else { return }
            enter(text, into: e.control)
        case .select(let id, let option):
            guard let e = view.element(id), case .choose(let choice) = e.control else { return }
            choose(option, for: choice)
        case .scrollDown:
            state.offset += PageView.window
        case .scrollUp:
            state.offset = max(0, state.offset - PageView.window)
        case .goBack:
            guard let last = state.history.popLast() else { return }
            state.page = last.page
            state.offset = last.offset
            state.notice = nil
        case .stop(let answer):
            state.stopped = true
            state.answer = answer
        }
    }

    private var searchText: String {
        switch state.page {
        case .listings(let q): q.text
        case .products(let q): q.text
        case .postSearch(let t): t
        default: ""
        }
    }

    private func searchPage(_ text: String) -> Page {
        switch state.page.site {
        case .classifieds: .listings(ListingQuery(text: text))
        case .shopping: .products(ProductQuery(text: text))
        case .forum: .postSearch(text)
        }
    }

    private mutating func activate(_ control: Control) {
        switch control {
        case .open(let page): state.navigate(to: page)
        case .searchButton, .search: state.navigate(to: searchPage(searchText))
        case .press(let press): self.press(press)
        case .choose, .field: break
        }
    }

    private mutating func enter(_ text: String, into control: Control) {
        switch control {
        case .search:
            state.navigate(to: searchPage(text))
        case .field(.message(let listing)):
            state.messages.append(SentMessage(listing: listing, text: text))
            state.notice = "Message sent to \(world.listing(listing)?.seller ?? "the seller")."
        case .field(.comment(let post)):
            state.comments.append(PostedComment(post: post, text: text))
            state.notice = "Comment posted."
        case .field(.fullName):
            state.fullName = text
        case .field(.address):
            state.address = text
        default:
            break
        }
    }

    private mutating func choose(_ option: String, for choice: Choice) {
        let any = option == "Any"
        var page = state.page
        switch (choice, page) {
        case (.listingSort, .listings(var q)):
            q.sort = ListingSort(rawValue: option) ?? .newest
            page = .listings(q)
        case (.colour, .listings(var q)):
            q.colour = any ? nil : option.lowercased()
            page = .listings(q)
        case (.condition, .listings(var q)):
            q.condition = any ? nil : option.lowercased()
            page = .listings(q)
        case (.location, .listings(var q)):
            q.location = any ? nil : option
            page = .listings(q)
        case (.productSort, .products(var q)):
            q.sort = ProductSort(rawValue: option) ?? .featured
            page = .products(q)
        case (.productColour, .product(var c)):
            c.colour = option
            state.page = .product(c)
            state.notice = nil
            return
        case (.productSize, .product(var c)):
            c.size = option
            state.page = .product(c)
            state.notice = nil
            return
        case (.postSort, .subforum(let name, _)):
            page = .subforum(name, PostSort(rawValue: option) ?? .new)
        default:
            return
        }
        state.navigate(to: page)
    }

    private mutating func press(_ press: Press) {
        switch press {
        case .toggleFavourite(let id):
            if let i = state.favourites.firstIndex(of: id) {
                state.favourites.remove(at: i)
                state.notice = "Removed from favourites."
            } else {
                state.favourites.append(id)
                state.notice = "Added to favourites."
            }
        case .removeFavourite(let id):
            state.favourites.removeAll { $0 == id }
            state.notice = "Removed from favourites."
        case .addToCart, .buyNow:
            guard case .product(let choice) = state.page, let p = world.product(choice.id) else { return }
            if !p.colours.isEmpty && choice.colour == nil {
                state.notice = "Please choose a colour."
                return
            }
            if !p.sizes.isEmpty && choice.size == nil {
                state.notice = "Please choose a size."
                return
            }
            state.cart.append(CartLine(product: p.id, colour: choice.colour, size: choice.size))
            let options = [choice.colour, choice.size].compactMap { $0 }
            if press == .buyNow {
                state.navigate(to: .checkout)
            } else {
                state.notice =
                    "Added \(p.name)\(options.isEmpty ? "" : " (\(options.joined(separator: ", ")))") to your cart."
            }
        case .removeCartLine(let index):
            guard state.cart.indices.contains(index) else { return }
            let removed = state.cart.remove(at: index)
            state.notice = "Removed \(world.product(removed.product)?.name ?? "the item") from your cart."
        case .placeOrder:
            if state.cart.isEmpty {
                state.notice = "Your cart is empty."
            } else if state.fullName.isEmpty || state.address.isEmpty {
                state.notice = "Please fill in your full name and address."
            } else {
                state.orders.append(Order(lines: state.cart, name: state.fullName, address: state.address))
                state.notice = "Order #\(1000 + state.orders.count) placed for \(state.fullName)."
                state.cart = []
                state.fullName = ""
                state.address = ""
            }
        case .togglePostVote(let id):
            if state.postVotes.remove(id) == nil {
                state.postVotes.insert(id)
                state.notice = "Upvoted."
            } else {
                state.notice = "Upvote removed."
            }
        case .toggleCommentVote(let ref):
            if state.commentVotes.remove(ref) == nil {
                state.commentVotes.insert(ref)
                state.notice = "Upvoted comment."
            } else {
                state.notice = "Upvote removed."
            }
        }
    }
}

/// Why an action cannot be taken on the current page, in words for the agent.
struct Refusal: Error, Equatable, ExpressibleByStringInterpolation {
    var reason: String
    init(stringLiteral value: String) { reason = value }
    init(stringInterpolation: DefaultStringInterpolation) { reason = String(stringInterpolation: stringInterpolation) }
}
