import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// Every generated function of Tests/SQLGenCorpus/blog/queries/users.sql against a live PostgreSQL:
/// each mapped type written and read back, NULLs included.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct UsersRoundTripTests {
    static let birthday = Date(timeIntervalSince1970: 631_152_000)  // 1990-01-01, a date without time

    static func full(_ q: Queries, email: String = "ada@example.com") async throws -> User {
        try #require(
            try await q.createUser(
                email: email, displayName: "Ada", bio: "", avatar: Data([0, 1, 2, 255]), karma: 42, rating: Decimal(string: "1234.56")!,
                score: 2.5, weight: 61.25, isAdmin: true, tags: ["math", "engines"], luckyNumbers: [7, 13],
                settings: .object(["theme": .string("dark"), "notifications": .object(["email": .bool(true)])]),
                profile: .array([.number(1), .null]), birthday: birthday))
    }

    @Test func everyTypeRoundTripsWithAndWithoutNulls() async throws {
        try await CorpusSchema.withQueries { q in
            let ada = try await Self.full(q)
            #expect(
                ada.avatar == Data([0, 1, 2, 255]) && ada.rating == Decimal(string: "1234.56") && ada.score == 2.5 && ada.weight == 61.25)
            #expect(ada.tags == ["math", "engines"] && ada.luckyNumbers == [7, 13] && ada.birthday == Self.birthday)
            #expect(ada.settings == .object(["theme": .string("dark"), "notifications": .object(["email": .bool(true)])]))
            #expect(ada.profile == .array([.number(1), .null]))
            #expect(try await q.getUser(id: ada.id) == ada)
            #expect(try await q.getUserByEmail(email: "ada@example.com") == ada)

            let bare = try #require(
                try await q.createUser(
                    email: "bob@example.com", displayName: nil, bio: nil, avatar: nil, karma: 1, rating: nil, score: nil, weight: nil,
                    isAdmin: false, tags: [], luckyNumbers: nil, settings: .object([:]), profile: nil, birthday: nil))
            #expect(bare.displayName == nil && bare.avatar == nil && bare.rating == nil && bare.luckyNumbers == nil && bare.profile == nil)
            #expect(try await q.userAvatar(id: bare.id) == nil)
            #expect(try await q.userAvatar(id: ada.id) == Data([0, 1, 2, 255]))
            let measures = try #require(try await q.userScoreAndWeight(id: ada.id))
            #expect(measures.score == 2.5 && measures.weight == 61.25 && measures.rating == Decimal(string: "1234.56"))
            #expect(try await q.userLuckyNumbers(id: ada.id) == [7, 13])
            #expect(try await q.userProfile(id: bare.id) == nil)
            #expect(try await q.userRatingAsText(id: ada.id) == "1234.56")
            #expect(try await q.userRatingAsText(id: bare.id) == nil)
            #expect(try await q.getUser(id: UUID()) == nil)
        }
    }

    @Test func listsCountsAndFilters() async throws {
        try await CorpusSchema.withQueries { q in
            let ada = try await Self.full(q)
            let bob = try #require(try await q.upsertUserByEmail(email: "bob@example.com", displayName: "Bob"))
            #expect(try await q.upsertUserByEmail(email: "bob@example.com", displayName: "Robert")?.id == bob.id)
            #expect(try await q.listUsers(limit: 10, offset: 0).count == 2)
            #expect(try await q.listUsers(limit: 1, offset: 1).count == 1)
            var streamed: [UUID] = []
            for try await row in try await q.listUsersStream(limit: 10, offset: 0) { streamed.append(row.id) }
            #expect(Set(streamed) == [ada.id, bob.id])
            #expect(try await q.countUsers() == 2)
            #expect(try await q.countAdmins(isAdmin: true) == 1)
            #expect(try await q.userEmails(karma: 10) == ["ada@example.com"])
            #expect(Set(try await q.usersByIDs(ids: [ada.id, bob.id, UUID()]).map(\.id)) == [ada.id, bob.id])
            #expect(try await q.usersWithTag(column1: "math") == [ada.id])
            #expect(
                try await q.usersIn(karma: 0, karma2: 42, karma3: 99).sorted { $0.uuidString < $1.uuidString }
                    == [ada.id, bob.id].sorted { $0.uuidString < $1.uuidString })
            #expect(try await q.searchUsers(email: "ada%", displayName: "nobody").map(\.id) == [ada.id])
            #expect(try await q.searchUsers(email: "none", displayName: "ROB%").map(\.id) == [bob.id])
            #expect(try await q.usersBornBetween(birthday: Date(timeIntervalSince1970: 0), birthday2: Date()).map(\.id) == [ada.id])
            #expect(try await q.usersCreatedSince(createdAt: Date(timeIntervalSinceNow: -3600)).count == 2)
            // The optional-filter idiom: nil means "any".
            #expect(try await q.filterUsers(isAdmin: nil, minKarma: nil).count == 2)
            #expect(try await q.filterUsers(isAdmin: true, minKarma: nil).map(\.id) == [ada.id])
            #expect(try await q.filterUsers(isAdmin: nil, minKarma: 100).isEmpty)
            let stats = try #require(try await q.userKarmaStats())
            #expect(stats.total == 42 && stats.best == 42 && stats.worst == 0 && stats.mean == Decimal(21))
            #expect(try await q.userExists(email: "ada@example.com") == true)
            #expect(try await q.userExists(email: "zed@example.com") == false)
        }
    }

    @Test func updatesAndExpressions() async throws {
        try await CorpusSchema.withQueries { q in
            let ada = try await Self.full(q, email: "Ada@Example.com")
            try await q.updateUserBio(bio: "Countess", id: ada.id)
            #expect(try await q.getUser(id: ada.id)?.bio == "Countess")
            #expect(try await q.updateDisplayName(displayName: nil, id: ada.id) == 1)
            #expect(try await q.userNameOrEmail(id: ada.id) == "Ada@Example.com")
            #expect(try await q.userDisplayNameOrDefault(id: ada.id) == "anonymous")
            try await q.updateUserBio(bio: "", id: ada.id)
            #expect(try await q.userBioNullIfEmpty(id: ada.id) == nil)
            try await q.setUserTags(tags: ["x"], id: ada.id)
            #expect(try await q.getUser(id: ada.id)?.tags == ["x"])
            #expect(
                try await q.setSettings(settings: .object(["theme": .string("light")]), id: ada.id) == .object(["theme": .string("light")]))
            #expect(try await q.userSettingValue(id: ada.id) == "light")
            #expect(try await q.userSettingObject(id: ada.id) == nil)
            #expect(try await q.addKarma(karma: 58, id: ada.id) == 100)
            #expect(try await q.userKarmaLevel(id: ada.id) == "mid")
            #expect(try await q.lowerEmail(id: ada.id) == "ada@example.com")
            #expect(try await q.userEmailLength(id: ada.id) == 15)
            #expect(try await q.nowAndUser(id: ada.id)?.id == ada.id)
            #expect(try await q.touchUsers(createdAt: Date(timeIntervalSinceNow: 3600)) == 1)
            #expect(try await q.deleteUser(id: ada.id) == 1)
            #expect(try await q.deleteUser(id: ada.id) == 0)
        }
    }
}
