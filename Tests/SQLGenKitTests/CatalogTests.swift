import Testing

@testable import SQLGenKit

struct CatalogTests {
    func build(_ files: String...) -> (Catalog, [Diagnostic]) {
        CatalogBuilder.build(files.enumerated().map { SourceFile(path: "\($0.offset + 1).sql", text: $0.element) })
    }

    @Test func createTableNormalizesTypesAndNullability() throws {
        let (catalog, diagnostics) = build(usersSchema)
        #expect(diagnostics.isEmpty)
        let users = try #require(catalog.table(named: "users"))
        #expect(users.columns.map(\.name) == ["id", "email", "role", "avatar_url", "created_at"])
        #expect(users.columns.map(\.type.name) == ["int8", "varchar", "role", "text", "timestamptz"])
        #expect(users.columns.map(\.notNull) == [true, true, true, false, true])
        #expect(users.column(named: "role")?.hasDefault == true)
        let posts = try #require(catalog.table(named: "posts"))
        #expect(posts.column(named: "tags")?.type == SQLType("text", isArray: true))
        #expect(posts.column(named: "score")?.type.name == "float8")
        #expect(posts.column(named: "published")?.type.name == "bool")
        #expect(catalog.enumType(named: "role")?.values == ["admin", "member", "in-review"])
    }

    @Test func gooseDownSectionsAreIgnored() {
        // The Down section drops everything; if it ran, the catalog would be empty.
        let (catalog, _) = build(usersSchema)
        #expect(catalog.tables.map(\.name) == ["users", "posts"])
    }

    @Test func alterTableAddsAndDropsColumns() throws {
        let (catalog, diagnostics) = build(
            "CREATE TABLE t (a int, b text NOT NULL);",
            """
            ALTER TABLE t ADD COLUMN c serial, DROP COLUMN a;
            ALTER TABLE t ALTER COLUMN b DROP NOT NULL;
            ALTER TABLE t RENAME COLUMN c TO counter;
            ALTER TYPE mood ADD VALUE 'ok';
            """
        )
        #expect(diagnostics.map(\.message) == ["type \"mood\" does not exist"])
        let table = try #require(catalog.table(named: "t"))
        #expect(table.columns.map(\.name) == ["b", "counter"])
        #expect(table.columns.map(\.type.name) == ["text", "int4"])
        #expect(table.columns.map(\.notNull) == [false, true])
    }

    @Test func tableConstraintPrimaryKeyImpliesNotNull() throws {
        let (catalog, _) = build("CREATE TABLE pairs (a int, b int, c int, PRIMARY KEY (a, b));")
        #expect(catalog.table(named: "pairs")?.columns.map(\.notNull) == [true, true, false])
    }

    @Test func dropTableAndEnumChanges() {
        let (catalog, diagnostics) = build(
            "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE gone (id int);",
            "ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy'; DROP TABLE gone; DROP TABLE IF EXISTS never;"
        )
        #expect(diagnostics.isEmpty)
        #expect(catalog.tables.isEmpty)
        #expect(catalog.enumType(named: "mood")?.values == ["sad", "ok", "happy"])
    }

    @Test func viewsAreRelationsWithAnalyzedColumns() throws {
        let (catalog, diagnostics) = build(
            usersSchema,
            """
            CREATE VIEW author_posts (post_id, author) AS
                SELECT p.id, u.email FROM posts p LEFT JOIN users u ON u.id = p.user_id;
            CREATE VIEW broken AS SELECT nope FROM posts;
            """)
        #expect(diagnostics.map(\.description) == ["2.sql:3:30: error: column \"nope\" does not exist"])
        let view = try #require(catalog.table(named: "author_posts"))
        #expect(view.isView)
        #expect(view.columns.map(\.name) == ["post_id", "author"])
        #expect(view.columns.map(\.type.name) == ["uuid", "varchar"])
        #expect(view.columns.map(\.notNull) == [true, false])

        let analysis = try analyze(
            schema: usersSchema + "\n-- +goose Up\nCREATE VIEW titles AS SELECT id, title FROM posts;",
            queries: """
                -- name: Titles :many
                SELECT * FROM titles WHERE id = $1;
                """)
        #expect(query("Titles", in: analysis)?.parameters.map(\.type.name) == ["uuid"])
    }

    @Test func alteringAMissingTableIsAnErrorWithItsPosition() throws {
        let (_, diagnostics) = build("CREATE TABLE a (id int);\n\nALTER TABLE missing ADD COLUMN x int;")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.description == "1.sql:3:13: error: relation \"missing\" does not exist")
    }

    @Test func schemaSyntaxErrorsUsePostgresMessages() throws {
        let (_, diagnostics) = build("CREATE TABLE a (id int);\nCREATE TABLE b (id int,, x int);")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.line == 2)
        #expect(diagnostic.column == 24)
        #expect(diagnostic.message == "syntax error at or near \",\"")
    }
}
