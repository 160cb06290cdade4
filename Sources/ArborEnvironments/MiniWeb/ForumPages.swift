/// Renders the forum's pages.
enum ForumPages {
    static func header(_ view: inout PageView, _ state: BrowserState, query: String = "") {
        view.addHeader(state, link: nil, search: "Search posts", query: query)
    }

    static func render(_ page: Page, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        switch page {
        case .subforum(let name, let sort): subforum(name, sort, world, state)
        case .postSearch(let text): search(text, world, state)
        case .post(let id): post(id, world, state)
        default: home(world, state)
        }
    }

    static func home(_ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var view = PageView(site: .forum, title: "Home", path: "")
        header(&view, state)
        view.heading("Subforums")
        for name in world.subforums {
            view.add(.link, world.subforumLink(name), .open(.subforum(name, .new)))
        }
        return view
    }

    /// A post's points as shown: its own plus the user's vote.
    static func points(_ post: Post, _ state: BrowserState) -> Int {
        post.points + (state.postVotes.contains(post.id) ? 1 : 0)
    }

    static func sorted(_ posts: [Post], _ sort: PostSort, _ state: BrowserState) -> [Post] {
        posts.sorted { a, b in
            switch sort {
            case .new: a.age != b.age ? a.age < b.age : a.id < b.id
            case .top: points(a, state) != points(b, state) ? points(a, state) > points(b, state) : a.id < b.id
            }
        }
    }

    static func age(_ hours: Int) -> String {
        hours < 24 ? "\(English.count(hours, "hour")) ago" : "\(English.count(hours / 24, "day")) ago"
    }

    static func row(_ view: inout PageView, _ post: Post, _ state: BrowserState, showSubforum: Bool) {
        let count = post.comments.count + state.comments.filter { $0.post == post.id }.count
        let score = English.count(points(post, state), "point")
        var line = "\(score) · by \(post.author) · \(English.count(count, "comment")) · \(age(post.age))"
        if showSubforum { line += " · in \(post.subforum)" }
        view.add(.link, post.title, .open(.post(post.id)), details: [line])
    }

    static func subforum(_ name: String, _ sort: PostSort, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var view = PageView(
            site: .forum, title: name, path: "f/\(name.lowercased())?sort=\(sort.rawValue.lowercased())")
        header(&view, state)
        view.heading(name)
        view.add(
            .combobox, "Sort by", .choose(.postSort), value: sort.rawValue, options: PostSort.allCases.map(\.rawValue))
        let posts = sorted(world.posts.filter { $0.subforum == name }, sort, state)
        view.addList(posts, offset: state.offset) { row(&$0, $1, state, showSubforum: false) }
        return view
    }

    static func search(_ text: String, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        var view = PageView(site: .forum, title: "Search results", path: "search?q=\(TextMatch.urlQuery(text))")
        header(&view, state, query: text)
        view.heading(text.isEmpty ? "All posts" : "Results for \"\(text)\"")
        let found = world.posts.filter { TextMatch.matches(query: text, in: "\($0.title) \($0.subforum)") }
        view.addList(sorted(found, .top, state), offset: state.offset) { row(&$0, $1, state, showSubforum: true) }
        return view
    }

    static func post(_ id: Int, _ world: MiniWebWorld, _ state: BrowserState) -> PageView {
        guard let post = world.post(id) else { return home(world, state) }
        var view = PageView(site: .forum, title: post.title, path: "post/\(id)")
        header(&view, state)
        view.heading(post.title)
        view.text(
            "by \(post.author) in \(post.subforum) · \(English.count(points(post, state), "point")) · "
                + age(post.age))
        view.text(post.body)
        view.add(.button, state.postVotes.contains(id) ? "Remove upvote" : "Upvote", .press(.togglePostVote(id)))
        // The user's own comments follow the generated ones; only the generated ones can be upvoted.
        let own = state.comments.filter { $0.post == id }
        let all: [(Int?, Comment)] =
            post.comments.enumerated().map { ($0.offset, $0.element) }
            + own.map { (nil, Comment(author: "you", text: $0.text, points: 1)) }
        view.heading("Comments (\(all.count))")
        view.addList(all, offset: state.offset, empty: "No comments yet") { view, item in
            let (index, comment) = item
            let ref = index.map { CommentRef(post: id, index: $0) }
            let voted = ref.map { state.commentVotes.contains($0) } ?? false
            view.text("\(comment.author): \(comment.text)")
            view.text(English.count(comment.points + (voted ? 1 : 0), "point"))
            if let ref {
                view.add(
                    .button, "\(voted ? "Remove upvote from" : "Upvote") comment by \(comment.author)",
                    .press(.toggleCommentVote(ref)))
            }
        }
        view.add(.textbox, "Write a comment", .field(.comment(post: id)))
        return view
    }
}
