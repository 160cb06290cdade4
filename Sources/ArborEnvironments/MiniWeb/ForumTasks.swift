/// The forum's task templates.
enum ForumTasks {
    static func subforum(_ rng: inout SeededGenerator) -> (name: String, topics: [String]) {
        rng.pick(MiniWebVocabulary.subforums)
    }

    static func title(_ rng: inout SeededGenerator, topic: String, avoiding: String? = nil) -> String {
        let patterns = MiniWebVocabulary.postPatterns.filter { $0.replacingPercent(with: topic) != avoiding }
        return rng.pick(patterns).replacingPercent(with: topic)
    }

    /// A post with a near-miss on the same topic in another subforum (different points, comments, subforum).
    static func postWithNearMiss(_ world: inout MiniWebWorld, _ rng: inout SeededGenerator, comments: [Comment]? = nil)
        -> Post
    {
        let home = subforum(&rng)
        let topic = rng.pick(home.topics)
        let target = world.addPost(&rng, subforum: home.name, title: title(&rng, topic: topic), comments: comments)
        let elsewhere = rng.pick(MiniWebVocabulary.subforums.map(\.name).filter { $0 != home.name })
        world.addPost(
            &rng, subforum: elsewhere, title: title(&rng, topic: topic, avoiding: target.title),
            comments: WorldGenerator.comments(&rng, count: (target.comments.count + rng.int(1...3)) % 8))
        return world.post(target.id) ?? target
    }

    /// The top post of a subforum, made the oldest so the default New sort hides it.
    static func hiddenTopPost(_ world: inout MiniWebWorld, _ rng: inout SeededGenerator) -> Post {
        let forum = subforum(&rng)
        return world.addPost(
            &rng, subforum: forum.name, title: title(&rng, topic: rng.pick(forum.topics)),
            points: world.topPoints + rng.int(0...40), age: world.oldestPostAge)
    }

    /// Eight comments whose most upvoted one sits below the first window of five.
    static func commentsWithHiddenTop(_ rng: inout SeededGenerator) -> (comments: [Comment], top: Int) {
        var comments = WorldGenerator.comments(&rng, count: 8)
        let top = rng.int(5...7)
        comments[top].points = (comments.map(\.points).max() ?? 0) + rng.int(1...20)
        let others = Set(comments.indices.filter { $0 != top }.map { comments[$0].author })
        while others.contains(comments[top].author) { comments[top].author = WorldGenerator.username(&rng) }
        return (comments, top)
    }

    static let templates: [TaskTemplate] = [
        TaskTemplate(.forum, "upvote-top-post") { world, rng in
            let target = hiddenTopPost(&world, &rng)
            return TaskDraft(
                intent: "Upvote the top post in \(target.subforum).", goal: .postVotes([target.id]),
                solution: [
                    .click(world.subforumLink(target.subforum)), .select("Sort by", "Top"), .click(target.title),
                    .click("Upvote"), .stop(nil),
                ])
        },
        TaskTemplate(.forum, "top-post-author") { world, rng in
            let target = hiddenTopPost(&world, &rng)
            return TaskDraft(
                intent: "Who wrote the highest-voted post in \(target.subforum)?", goal: .answer(target.author),
                solution: [
                    .click(world.subforumLink(target.subforum)), .select("Sort by", "Top"),
                    .stop(target.author),
                ])
        },
        TaskTemplate(.forum, "votes-of-post") { world, rng in
            let target = postWithNearMiss(&world, &rng)
            return TaskDraft(
                intent: "How many points does the post \"\(target.title)\" have?", goal: .answer(String(target.points)),
                solution: [.type("Search posts", target.title), .stop(String(target.points))])
        },
        TaskTemplate(.forum, "comment-on-post") { world, rng in
            let target = postWithNearMiss(&world, &rng)
            let text = rng.pick(MiniWebVocabulary.replies)
            return TaskDraft(
                intent: "Reply to the post \"\(target.title)\" with a comment saying \"\(text)\"",
                goal: .comment(post: target.id, containing: text),
                solution: [
                    .type("Search posts", target.title), .click(target.title), .type("Write a comment", text),
                    .stop(nil),
                ])
        },
        TaskTemplate(.forum, "top-comment-author") { world, rng in
            let (comments, top) = commentsWithHiddenTop(&rng)
            let target = postWithNearMiss(&world, &rng, comments: comments)
            return TaskDraft(
                intent: "Who wrote the most upvoted comment on \"\(target.title)\"?",
                goal: .answer(comments[top].author),
                solution: [
                    .type("Search posts", target.title), .click(target.title), .scrollDown,
                    .stop(comments[top].author),
                ])
        },
        TaskTemplate(.forum, "comment-count") { world, rng in
            let target = postWithNearMiss(&world, &rng, comments: WorldGenerator.comments(&rng, count: rng.int(1...7)))
            let answer = String(target.comments.count)
            return TaskDraft(
                intent: "How many comments does the post \"\(target.title)\" have?", goal: .answer(answer),
                solution: [.type("Search posts", target.title), .stop(answer)])
        },
        TaskTemplate(.forum, "newest-post-title") { world, rng in
            let forum = subforum(&rng)
            let target = world.addPost(
                &rng, subforum: forum.name, title: title(&rng, topic: rng.pick(forum.topics)),
                age: 1)
            return TaskDraft(
                intent: "What is the title of the newest post in \(forum.name)?", goal: .answer(target.title),
                solution: [.click(world.subforumLink(forum.name)), .stop(target.title)])
        },
        TaskTemplate(.forum, "upvote-newest-post") { world, rng in
            let forum = subforum(&rng)
            let target = world.addPost(
                &rng, subforum: forum.name, title: title(&rng, topic: rng.pick(forum.topics)),
                age: 1)
            return TaskDraft(
                intent: "Upvote the newest post in \(forum.name).", goal: .postVotes([target.id]),
                solution: [.click(world.subforumLink(forum.name)), .click(target.title), .click("Upvote"), .stop(nil)])
        },
        TaskTemplate(.forum, "upvote-by-author") { world, rng in
            let forum = subforum(&rng)
            let author = WorldGenerator.username(&rng)
            let target = world.addPost(
                &rng, subforum: forum.name, title: title(&rng, topic: rng.pick(forum.topics)),
                author: author)
            let position = world.newestFirst(in: forum.name).firstIndex { $0.id == target.id } ?? 0
            let scrolls = [ScriptStep](repeating: .scrollDown, count: position / PageView.window)
            return TaskDraft(
                intent: "Upvote \(author)'s post in \(forum.name).", goal: .postVotes([target.id]),
                solution: [.click(world.subforumLink(forum.name))] + scrolls
                    + [.click(target.title), .click("Upvote"), .stop(nil)])
        },
        TaskTemplate(.forum, "comment-on-top-post") { world, rng in
            let target = hiddenTopPost(&world, &rng)
            let text = rng.pick(MiniWebVocabulary.replies)
            return TaskDraft(
                intent: "Comment \"\(text)\" on the top post in \(target.subforum).",
                goal: .comment(post: target.id, containing: text),
                solution: [
                    .click(world.subforumLink(target.subforum)), .select("Sort by", "Top"), .click(target.title),
                    .type("Write a comment", text), .stop(nil),
                ])
        },
        TaskTemplate(.forum, "subforum-of-post") { world, rng in
            let target = postWithNearMiss(&world, &rng)
            return TaskDraft(
                intent: "In which subforum was \"\(target.title)\" posted?", goal: .answer(target.subforum),
                solution: [.type("Search posts", target.title), .stop(target.subforum)])
        },
        TaskTemplate(.forum, "upvote-top-comment") { world, rng in
            let (comments, top) = commentsWithHiddenTop(&rng)
            let target = postWithNearMiss(&world, &rng, comments: comments)
            return TaskDraft(
                intent: "Upvote the most upvoted comment on \"\(target.title)\".",
                goal: .commentVotes([CommentRef(post: target.id, index: top)]),
                solution: [
                    .type("Search posts", target.title), .click(target.title), .scrollDown,
                    .click("Upvote comment by \(comments[top].author)"), .stop(nil),
                ])
        },
        TaskTemplate(.forum, "post-count") { world, rng in
            let forum = subforum(&rng)
            for _ in 0..<rng.int(0...3) {
                world.addPost(&rng, subforum: forum.name, title: title(&rng, topic: rng.pick(forum.topics)))
            }
            let count = world.posts.filter { $0.subforum == forum.name }.count
            return TaskDraft(
                intent: "How many posts are there in \(forum.name)?", goal: .answer(String(count)),
                solution: [.click(world.subforumLink(forum.name)), .stop(String(count))])
        },
    ]
}
