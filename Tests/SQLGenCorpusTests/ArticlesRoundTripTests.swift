import Database
import PostgresNIO
import TestSupport
import Testing

/// tsvector and tsquery: stored through bound parameters and COPY, read back in the server's own
/// spelling; a generated tsvector column and ranked search through the generated functions.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct ArticlesRoundTripTests {
    static let keywords = TextSearchVector([
        .init("back\\slash"), .init("fat", positions: [.init(2), .init(3, weight: .b)]),
        .init("it's", positions: [.init(1, weight: .a)]), .init("rat"),
    ])

    @Test func vectorsAndQueriesComeBackAsTheServerWritesThem() async throws {
        try await CorpusSchema.withQueries { q in
            let created = try #require(
                try await q.createArticle(
                    title: "Fat rats", body: "The fat rat sat on the mat", keywords: Self.keywords,
                    alert: TextSearchQuery("fat & (rat | cat:*A)")))
            #expect(created.keywords == Self.keywords)
            #expect(created.keywords?.description == #"'back\\slash' 'fat':2,3B 'it''s':1A 'rat'"#)
            #expect(created.alert?.text == "'fat' & ( 'rat' | 'cat':*A )")
            #expect(created.search?.lexemes.map(\.text) == ["fat", "mat", "rat", "sat"])
            #expect(created.search?.lexemes.first?.positions == [.init(1, weight: .a), .init(4)])

            _ = try await q.copyArticles([
                CopyArticlesParams(title: "Cats", body: "", keywords: Self.keywords, alert: TextSearchQuery("dog"))
            ])
            #expect(try await q.articlesMatchingTheirAlert().map(\.alert?.text) == ["'fat' & ( 'rat' | 'cat':*A )"])
            let ranked = try await q.searchArticles(terms: "fat rats")
            #expect(ranked.map(\.title) == ["Fat rats"] && (ranked.first?.rank ?? 0) > 0)
        }
    }

    @Test func queriesOfEveryShapeReadAsTheServerPrintsThem() async throws {
        try await CorpusSchema.withQueries { q in
            let inputs = [
                "fat & (rat | cat:*A)", "!a <-> b", "a <2> (b | c) & !(d | e)", "(a <-> b) <-> c", "a <-> (b <-> c)",
                "'it''s':*BD | !!x", "a & b & (c | d | e)",
            ]
            for input in inputs {
                let rows = try await q.rows(
                    PostgresQuery(
                        unsafeSQL: "SELECT $1::tsquery, $1::tsquery::text",
                        binds: {
                            var binds = PostgresBindings()
                            binds.append(input)
                            return binds
                        }()))
                let (decoded, printed) = try #require(rows.first).decode((TextSearchQuery, String).self)
                #expect(decoded.text == printed, "\(input)")
            }
            #expect(try await q.parsedQuery(query: "rats & !cats")?.text == "'rat' & !'cat'")
        }
    }
}
