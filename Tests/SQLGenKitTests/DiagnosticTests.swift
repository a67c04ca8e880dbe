import Foundation
import Testing

@testable import SQLGenKit

/// Errors point at `path:line:col` with PostgreSQL's wording where PostgreSQL has one.
struct DiagnosticTests {
    @Test func syntaxErrorsPointAtTheToken() {
        let found = diagnostics(
            schema: usersSchema,
            queries: """
                -- name: Fine :exec
                DELETE FROM posts;

                -- name: Broken :one
                SELECT id FROM posts WHERE id = = $1;
                """)
        #expect(found == ["queries/q.sql:5:33: error: syntax error at or near \"=\""])
    }

    @Test func unknownRelationsAndColumns() {
        let found = diagnostics(
            schema: usersSchema,
            queries: """
                -- name: A :many
                SELECT id FROM postz;

                -- name: B :many
                SELECT id, nope FROM posts;

                -- name: C :many
                SELECT p.id FROM posts p WHERE q.id = $1;

                -- name: D :exec
                UPDATE posts SET missing = @value WHERE id = @id;
                """)
        #expect(
            found == [
                "queries/q.sql:2:16: error: relation \"postz\" does not exist",
                "queries/q.sql:5:12: error: column \"nope\" does not exist",
                "queries/q.sql:8:32: error: missing FROM-clause entry for table \"q\"",
                "queries/q.sql:11:18: error: column \"missing\" of relation \"posts\" does not exist",
            ])
    }

    @Test func namedParameterRewritingKeepsOriginalColumns() {
        // The error is after a rewritten @name: its column must be the original text's.
        let found = diagnostics(schema: usersSchema, queries: "-- name: A :many\nSELECT id FROM posts WHERE id = @identifier AND nope = 1;")
        #expect(found == ["queries/q.sql:2:49: error: column \"nope\" does not exist"])
    }

    @Test func duplicateNamesAndBadAnnotations() {
        let found = diagnostics(
            schema: usersSchema,
            queries: """
                -- name: Same :exec
                DELETE FROM posts;

                -- name: Same :exec
                DELETE FROM users;

                -- name: Odd :sometimes
                DELETE FROM users;

                DELETE FROM posts;
                """)
        #expect(found.count == 3)
        #expect(
            found[0]
                == "queries/q.sql:7:1: error: invalid query command \":sometimes\": expected one of :one, :many, :exec, :execrows, :execresult, :copyfrom, :batchexec, :batchone, :batchmany"
        )
        #expect(found[1].hasPrefix("queries/q.sql:10:1: error: query has no annotation"))
        #expect(found[2] == "queries/q.sql:4:1: error: duplicate query name \"Same\" (first defined at queries/q.sql:1)")
    }

    @Test func untypedParametersAndColumnlessOneAreErrors() {
        let found = diagnostics(
            schema: usersSchema,
            queries: """
                -- name: A :one
                SELECT $1;

                -- name: B :one
                DELETE FROM posts WHERE id = $1;
                """)
        #expect(found.count == 2)
        #expect(found[0].contains("could not determine"))
        #expect(found[1].contains("returns no columns"))
    }
}

struct LineEndingTests {
    @Test func crlfFilesWorkLikeLFFiles() throws {
        let crlf = { (text: String) in text.replacingOccurrences(of: "\n", with: "\r\n") }
        let analysis = try analyze(
            schema: crlf(usersSchema),
            queries: crlf(
                """
                -- name: GetUser :one
                -- Finds a user.
                SELECT id FROM users WHERE email = @email;
                """))
        #expect(analysis.catalog.tables.map(\.name) == ["users", "posts"])
        let get = try #require(query("GetUser", in: analysis))
        #expect(get.documentation == ["Finds a user."])
        #expect(get.sql == "SELECT id FROM users WHERE email = $1")
        #expect(analysis.migrations.first?.statements.contains { $0.contains("DROP") } == false)
        let found = diagnostics(schema: usersSchema, queries: crlf("-- name: A :many\nSELECT nope FROM users;"))
        #expect(found == ["queries/q.sql:2:8: error: column \"nope\" does not exist"])
    }
}
