import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// Every generated function of blog/queries/{posts,comments,tags}.sql against a live PostgreSQL.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct PostsRoundTripTests {
    @Test func postsJoinsAndSetOperations() async throws {
        try await CorpusSchema.withQueries { q in
            let ada = try await UsersRoundTripTests.full(q)
            let post = try #require(
                try await q.createPost(authorID: ada.id, title: "Notes", body: "On the engine", status: .draft, smallRank: 3))
            #expect(post.status == .draft && post.smallRank == 3 && post.summary == nil && post.views == 0)
            #expect(try await q.getPost(id: post.id) == post)
            let other = try #require(
                try await q.createPost(authorID: ada.id, title: "Second", body: "b", status: .archived, smallRank: nil))
            #expect(try await q.listPostsByStatus(status: .draft).map(\.id) == [post.id])
            #expect(Set(try await q.listPostsWithStatuses(statuses: [.draft, .archived]).map(\.id)) == [post.id, other.id])
            #expect(try await q.setPostStatus(status: .archived, id: other.id) == 0)
            #expect(try await q.publishPost(id: post.id)?.publishedAt != nil)
            try await q.incrementViews(id: post.id)
            #expect(try await q.postViewsPlus(id: post.id, views: 10) == 11)
            #expect(try await q.postRankTimesTwo(id: post.id) == 6)
            #expect(try await q.postRankTimesTwo(id: other.id) == nil)
            #expect(try await q.postIsPublished(id: post.id) == true)
            #expect(try await q.postExists(id: post.id) == true)
            #expect(try await q.postWithAuthor(id: post.id)?.email == ada.email)
            let embedded = try #require(try await q.postAndAuthorEmbedded(id: post.id))
            #expect(embedded.post.id == post.id && embedded.user == ada)
            #expect(try await q.publishedPosts().map(\.id) == [post.id])
            #expect(try await q.publishedPostsByAuthorEmail(authorEmail: ada.email).map(\.title) == ["Notes"])
            #expect(Set(try await q.postStatusCounts().map { "\($0.status.rawValue)=\($0.total)" }) == ["published=1", "archived=1"])
            #expect(try await q.totalViews() == Decimal(1))
            #expect(try await q.averageRank() == Decimal(3))
            #expect(try await q.latestPostPerAuthor().count == 1)
            #expect(try await q.authorsWithManyPosts(count: 1).first?.total == 2)
            #expect(
                try await q.postsAfterCursor(beforeCreatedAt: Date(timeIntervalSinceNow: 60), beforeID: 1_000_000, pageSize: 1).count == 1)
            #expect(try await q.postsPage(pageSize: 1, pageOffset: 1).map(\.id) == [other.id])
            #expect(try await q.postsByOptionalStatus(status: nil).count == 2)
            #expect(try await q.postsByOptionalStatus(status: .archived).map(\.id) == [other.id])
            #expect(try await q.postsByOptionalAuthor(authorID: nil).count == 2)
            #expect(try await q.postsByOptionalAuthor(authorID: UUID()).isEmpty)
            let edited = try #require(try await q.updatePostTitleOptional(title: nil, body: "new body", id: post.id))
            #expect(edited.title == "Notes" && edited.body == "new body")
            #expect(try await q.postSummaryOrBody(id: post.id) == "new body")
            #expect(Set(try await q.postTitlesUnion()) == ["Notes", "Second"])
            #expect(try await q.postIDsExcept().count == 2)
            #expect(try await q.postsWithCTE(createdAt: Date(timeIntervalSinceNow: -60)).count == 2)
            #expect(try await q.postsWithCommentSubquery().allSatisfy { $0.commentCount == 0 })
            #expect(try await q.postsInSubqueryFilter().count == 2)
            #expect(try await q.postsFromDerivedTable(views: 0).map(\.id) == [post.id])
            #expect(Set(try await q.postTitleArray(authorID: ada.id) ?? []) == ["Notes", "Second"])
            #expect(Set(try await q.postTitlesAgg(authorID: ada.id) ?? []) == ["Notes", "Second"])
            #expect(try await q.postTitlesAgg(authorID: UUID()) == nil)
            #expect(try await q.postTitlesJoined(authorID: ada.id)?.contains(", ") == true)
            #expect((try await q.postAgeSeconds(id: post.id) ?? -1) >= 0)
            #expect(try await q.insertPostsFromSelect(isAdmin: true) == 1)
            #expect(try await q.updateViewsFrom(email: ada.email) == 3)
            #expect(try await q.deleteOldDrafts(createdAt: Date(timeIntervalSinceNow: 60)).count == 1)
            try await q.deletePost(id: other.id)
            #expect(try await q.getPost(id: other.id) == nil)
        }
    }

    @Test func commentsTagsAndOuterJoins() async throws {
        try await CorpusSchema.withQueries { q in
            let ada = try await UsersRoundTripTests.full(q)
            let post = try #require(try await q.createPost(authorID: ada.id, title: "T", body: "B", status: .published, smallRank: nil))
            #expect(try await q.postsWithOptionalComment(authorID: ada.id).first?.commentID == nil)
            let root = try #require(try await q.addComment(postID: post.id, authorID: ada.id, parentID: nil, body: "root"))
            let reply = try #require(try await q.addComment(postID: post.id, authorID: nil, parentID: root.id, body: "reply"))
            #expect(reply.authorID == nil && reply.parentID == root.id)
            #expect(try await q.listComments(postID: post.id).map(\.id) == [root.id, reply.id])
            #expect(try await q.countComments(postID: post.id) == 2)
            #expect(try await q.commentWithAuthor(id: reply.id)?.authorEmail == nil)
            #expect(try await q.commentWithAuthor(id: root.id)?.authorEmail == ada.email)
            #expect(try await q.commentAuthorEmbedded(postID: post.id).map(\.comment.id) == [root.id, reply.id])
            #expect(try await q.rootComments(postID: post.id).map(\.id) == [root.id])
            #expect(try await q.commentsSince(since: Date(timeIntervalSinceNow: -60)).count == 2)
            #expect(try await q.lastCommentAt(postID: post.id) != nil)
            #expect(try await q.lastCommentAt(postID: -1) == nil)
            #expect(try await q.commentThread(id: root.id).map(\.depth) == [1, 2])
            #expect(try await q.postsWithOptionalComment(authorID: ada.id).count == 2)
            #expect(try await q.commentsWithOptionalPost().count == 2)
            #expect(try await q.fullJoinPostsComments().count == 2)
            #expect(try await q.postCommentCounts().first?.commentCount == 2)
            try await q.editComment(id: reply.id, body: "edited")
            #expect(try await q.listComments(postID: post.id).last?.body == "edited")
            #expect(try await q.deleteComment(id: root.id, authorID: UUID()) == 0)

            let tag = try #require(try await q.createTag(name: "swift"))
            #expect(try await q.createTag(name: "swift") == nil)
            #expect(try await q.upsertTag(name: "swift")?.id == tag)
            try await q.tagPost(postID: post.id, tagID: tag)
            try await q.tagPost(postID: post.id, tagID: tag)
            #expect(try await q.listTags().map(\.name) == ["swift"])
            #expect(try await q.tagsOfPost(postID: post.id).map(\.id) == [tag])
            #expect(try await q.tagUsage().first?.uses == 1)
            #expect(try await q.tagNameUpper(id: tag) == "SWIFT")
            #expect(try await q.tagsLike(column1: "sw") == ["swift"])
            #expect(try await q.postsWithTags(tagNames: ["swift"]).map(\.name) == ["swift"])
            #expect(try await q.postIDsIntersect(tagID: tag) == [post.id])
            #expect(try await q.renameTag(name: "swiftlang", id: tag)?.name == "swiftlang")
            #expect(try await q.untagPost(postID: post.id, tagID: tag) == 1)
            #expect(try await q.deleteCommentsOfAuthor(authorID: ada.id) == 2)
        }
    }
}
