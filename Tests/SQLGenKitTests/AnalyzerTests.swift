import Foundation
import Testing

@testable import SQLGenKit

struct AnalyzerTests {
    func parameters(_ query: AnalyzedQuery?) -> [String] {
        (query?.parameters ?? []).map { "\($0.number) \($0.name) \($0.type)\($0.notNull ? "" : "?")" }
    }

    func columns(_ query: AnalyzedQuery?) -> [String] {
        (query?.columns ?? []).map { "\($0.name) \($0.type)\($0.notNull ? "" : "?")" }
    }

    @Test func whereComparisonsNameAndTypePositionalParameters() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: GetPost :one
                SELECT * FROM posts WHERE user_id = $1 AND id = $2 AND score > $3;
                """)
        let get = query("GetPost", in: analysis)
        #expect(parameters(get) == ["1 user_id int8", "2 id uuid", "3 score float8"])
        #expect(columns(get) == ["id uuid", "user_id int8", "title text", "body text?", "tags text[]", "score float8?", "published bool"])
        #expect(get?.columns.allSatisfy { $0.table == "posts" } == true)
    }

    @Test func insertAndUpdateParametersTakeTheColumnsNullability() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: CreatePost :one
                INSERT INTO posts (id, user_id, title, body) VALUES (@id, @user_id, @title, @body) RETURNING id, title;
                """)
        #expect(parameters(query("CreatePost", in: analysis)) == ["1 id uuid", "2 user_id int8", "3 title text", "4 body text?"])
        #expect(columns(query("CreatePost", in: analysis)) == ["id uuid", "title text"])
        let diagnosticsOfMixing = diagnostics(schema: usersSchema, queries: "-- name: X :exec\nUPDATE posts SET body = @b WHERE id = $2;")
        #expect(diagnosticsOfMixing.first?.contains("mixes positional parameters") == true)
        let edit = try analyze(
            schema: usersSchema,
            queries: """
                -- name: EditPost :execrows
                UPDATE posts SET body = $1, score = $2 WHERE id = $3;
                """)
        #expect(parameters(query("EditPost", in: edit)) == ["1 body text?", "2 score float8?", "3 id uuid"])
    }

    @Test func namedParametersAreRewrittenAndReused() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: Page :many
                SELECT id FROM posts
                WHERE user_id = @user_id AND (title < @after OR (title = @after AND id < sqlc.arg(after_id)))
                  AND body = sqlc.narg('body')
                LIMIT @page_size OFFSET @skip::int4;
                """)
        let page = try #require(query("Page", in: analysis))
        #expect(page.sql.contains("user_id = $1 AND (title < $2 OR (title = $2 AND id < $3))"))
        #expect(page.sql.contains("body = $4"))
        #expect(
            parameters(page) == ["1 user_id int8", "2 after text", "3 after_id uuid", "4 body text?", "5 page_size int8", "6 skip int4"])
    }

    @Test func repeatedInferredNamesAreDisambiguated() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: Between :many
                SELECT id FROM users WHERE created_at >= $1 AND created_at < $2 LIMIT $3 OFFSET $4;
                """)
        #expect(
            parameters(query("Between", in: analysis)) == [
                "1 created_at timestamptz", "2 created_at_2 timestamptz", "3 limit int8", "4 offset int8",
            ])
    }

    @Test func joinsAliasesAndQualifiedStars() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: PostsWithAuthors :many
                SELECT p.*, u.email AS author_email, u.role FROM posts p JOIN users u ON u.id = p.user_id WHERE u.role = $1;

                -- name: UsersAndMaybePosts :many
                SELECT u.id, p.title FROM users u LEFT JOIN posts p ON p.user_id = u.id;

                -- name: CountPosts :one
                SELECT count(*), max(score) AS best, $1::int4 AS echoed FROM posts;
                """)
        let joined = query("PostsWithAuthors", in: analysis)
        #expect(columns(joined).suffix(2) == ["author_email varchar", "role role"])
        #expect(joined?.columns.count == 9)
        #expect(parameters(joined) == ["1 role role"])
        #expect(columns(query("UsersAndMaybePosts", in: analysis)) == ["id int8", "title text?"])
        #expect(columns(query("CountPosts", in: analysis)) == ["count int8", "best float8?", "echoed int4"])
        #expect(parameters(query("CountPosts", in: analysis)) == ["1 column_1 int4"])
    }

    @Test func deleteReturningStarAndInLists() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: DeleteUsers :many
                DELETE FROM users WHERE id IN ($1, $2) OR email = ANY($3::varchar[]) RETURNING *;
                """)
        let delete = query("DeleteUsers", in: analysis)
        #expect(parameters(delete) == ["1 id int8", "2 id_2 int8", "3 emails varchar[]"])
        #expect(delete?.columns.map(\.name) == ["id", "email", "role", "avatar_url", "created_at"])
    }

    @Test func documentationComesFromCommentsAroundTheName() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: First :exec
                -- Deletes everything.
                -- Really.
                DELETE FROM posts;

                -- Above the name.
                -- name: Second :exec
                DELETE FROM users;
                """)
        #expect(query("First", in: analysis)?.documentation == ["Deletes everything.", "Really."])
        #expect(query("Second", in: analysis)?.documentation == ["Above the name."])
        #expect(query("Second", in: analysis)?.sql == "DELETE FROM users")
    }
}

struct NamedParameterTests {
    @Test func castsAndArithmeticAfterANameStayInTheQuery() throws {
        // `@ids::int8[]` parses as `@(ids::int8[])`: only `@ids` is replaced.
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: Some :many
                SELECT id FROM users WHERE id = ANY(@ids::int8[]) AND id > @floor + 1;
                """)
        let some = try #require(query("Some", in: analysis))
        #expect(some.sql == "SELECT id FROM users WHERE id = ANY($1::int8[]) AND id > $2 + 1")
        #expect(some.parameters.map(\.name) == ["ids", "floor"])
        // Like PostgreSQL: `$2 + 1` makes $2 an int4.
        #expect(some.parameters.map(\.type) == [SQLType("int8", isArray: true), SQLType("int4")])
    }

    @Test func describeJSONListsParametersAndColumns() throws {
        let analysis = try analyze(
            schema: usersSchema, queries: "-- name: GetUser :one\nSELECT id, avatar_url FROM users WHERE email = $1;")
        let json = QueryDescription.json(analysis.queryFiles.flatMap(\.queries))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let queries = try #require(object["queries"] as? [[String: Any]])
        #expect(queries.first?["name"] as? String == "GetUser")
        #expect(queries.first?["cmd"] as? String == ":one")
        let params = try #require(queries.first?["params"] as? [[String: Any]])
        #expect(params.first?["name"] as? String == "email")
        #expect(params.first?["type"] as? String == "text")  // like PostgreSQL: varchar = $1 makes $1 text
        #expect(params.first?["not_null"] as? Bool == true)
        let columns = try #require(queries.first?["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == ["id", "avatar_url"])
        #expect(columns.map { $0["not_null"] as? Bool } == [true, false])
        #expect(columns.first?["table"] as? String == "users")
    }
}

struct MoreStatementTests {
    @Test func upsertsSubqueriesAndCTEs() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: Upsert :one
                INSERT INTO users (email, role) VALUES ($1, $2)
                ON CONFLICT (email) DO UPDATE SET role = excluded.role, avatar_url = $3
                RETURNING id;

                -- name: Authors :many
                SELECT u.email FROM users u WHERE u.id IN (SELECT user_id FROM posts WHERE title = $1)
                  AND EXISTS (SELECT 1 FROM posts p WHERE p.user_id = u.id AND p.score > $2);

                -- name: Recent :many
                WITH recent AS (SELECT user_id, count(*) AS n FROM posts GROUP BY user_id)
                SELECT users.email, recent.n FROM users JOIN recent ON recent.user_id = users.id WHERE recent.n > $1;

                -- name: Scores :many
                SELECT coalesce(score, 0)::float8 AS score, title FROM posts ORDER BY score DESC;
                """)
        #expect(analysis.queryFiles.first?.queries.count == 4)
        let upsert = try #require(query("Upsert", in: analysis))
        #expect(upsert.parameters.map(\.name) == ["email", "role", "avatar_url"])
        #expect(upsert.parameters.map(\.notNull) == [true, true, false])
        let authors = try #require(query("Authors", in: analysis))
        #expect(authors.parameters.map(\.type.name) == ["text", "float8"])
        let recent = try #require(query("Recent", in: analysis))
        #expect(recent.columns.map(\.name) == ["email", "n"])
        #expect(recent.columns.map(\.type.name) == ["varchar", "int8"])
        #expect(recent.parameters.map(\.type.name) == ["int8"])
        let scores = try #require(query("Scores", in: analysis))
        #expect(scores.columns.map(\.notNull) == [true, true])
    }
}

struct RowComparisonTests {
    @Test func rowComparisonsAndMultiColumnAssignments() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: Page :many
                SELECT id FROM users WHERE (created_at, id) < (@before_created_at, @before_id) LIMIT 10;

                -- name: Set :exec
                UPDATE posts SET (title, score) = ($1, $2) WHERE id = $3;
                """)
        let page = try #require(query("Page", in: analysis))
        #expect(page.parameters.map(\.type.name) == ["timestamptz", "int8"])
        let set = try #require(query("Set", in: analysis))
        #expect(set.parameters.map(\.name) == ["title", "score", "id"])
        #expect(set.parameters.map(\.notNull) == [true, false, true])
    }
}
