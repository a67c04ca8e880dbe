import Testing

@testable import SQLGenKit

/// Functions called in FROM take their columns from CREATE FUNCTION; parameters passed to a declared
/// function take its argument's type and name.
struct FunctionRowsTests {
    static let schema = usersSchema.replacingOccurrences(
        of: "-- +goose Down",
        with: """
            CREATE FUNCTION recent_posts(since_days integer) RETURNS SETOF posts LANGUAGE sql AS $$ SELECT * FROM posts $$;
            CREATE FUNCTION post_counts(min_posts bigint) RETURNS TABLE (user_id bigint, posts bigint) LANGUAGE sql AS $$ SELECT 1, 2 $$;
            CREATE FUNCTION split_email(email text, OUT local_part text, OUT domain text) LANGUAGE sql AS $$ SELECT 'a', 'b' $$;
            CREATE FUNCTION scores(variadic ids bigint[]) RETURNS SETOF double precision LANGUAGE sql AS $$ SELECT 1.0 $$;
            -- +goose Down
            """)

    func analyzed(_ sql: String) throws -> AnalyzedQuery {
        try #require(query("Q", in: try analyze(schema: Self.schema, queries: "-- name: Q :many\n" + sql)))
    }

    @Test func setofATableGivesTheTablesColumnsSoItsModel() throws {
        let q = try analyzed("SELECT * FROM recent_posts($1);")
        #expect(q.columns.map(\.name) == ["id", "user_id", "title", "body", "tags", "score", "published"])
        #expect(q.columns.allSatisfy { $0.table == "posts" })
        #expect(q.parameters.map { "\($0.name): \($0.type)" } == ["since_days: int4"])
    }

    @Test func returnsTableAndOutParametersGiveNullableColumns() throws {
        let counts = try analyzed("SELECT c.user_id, c.posts FROM post_counts(@min) AS c WHERE c.posts > 1;")
        #expect(counts.columns.map { "\($0.name) \($0.type) \($0.notNull)" } == ["user_id int8 false", "posts int8 false"])
        #expect(counts.parameters.map(\.type) == [SQLType("int8")])
        let split = try analyzed("SELECT local_part, domain FROM split_email($1);")
        #expect(split.columns.map { "\($0.name) \($0.type)" } == ["local_part text", "domain text"])
        #expect(split.parameters.map(\.name) == ["email"])
    }

    @Test func scalarFunctionsAliasesAndOrdinality() throws {
        let q = try analyzed("SELECT s, n FROM scores(1, 2) WITH ORDINALITY AS x(s, n);")
        #expect(q.columns.map { "\($0.name) \($0.type) \($0.notNull)" } == ["s float8 false", "n int8 true"])
        let aliased = try analyzed("SELECT tag FROM unnest(@tags::text[]) AS tag;")
        #expect(aliased.columns.map { "\($0.name) \($0.type)" } == ["tag text"])
        let series = try analyzed("SELECT g FROM generate_series(1, 10) AS g;")
        #expect(series.columns.map { "\($0.name) \($0.type) \($0.notNull)" } == ["g int4 true"])
    }

    @Test func aFunctionTheSchemaDoesNotDeclareIsAnError() {
        let found = diagnostics(schema: Self.schema, queries: "-- name: Q :many\nSELECT * FROM mystery($1);")
        #expect(found.first?.contains("function mystery is not declared in the schema: cannot know the columns it returns") == true)
    }

    @Test func parametersOfDeclaredFunctionsElsewhereTakeTheArgumentType() throws {
        let q = try analyzed("SELECT id FROM users WHERE email = (SELECT local_part FROM split_email($1));")
        #expect(q.parameters.map { "\($0.name): \($0.type)" } == ["email: text"])
    }
}
