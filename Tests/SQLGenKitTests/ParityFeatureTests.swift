import Foundation
import Testing

@testable import SQLGenKit

/// The sqlc-parity features added for issue 3, each on a small input.
struct ParityFeatureTests {
    @Test func copyFromNeedsOneParameterPerColumn() {
        let found = diagnostics(
            schema: usersSchema,
            queries: """
                -- name: CopyPosts :copyfrom
                INSERT INTO posts (id, user_id, title) VALUES ($1, $2, 'fixed');
                """)
        #expect(found.count == 1)
        #expect(
            found.first?.contains("queries/q.sql:1:1: error: wrong parameter count for :copyfrom: 3 values (2 parameters) for 3 columns")
                == true)
        #expect(
            diagnostics(schema: usersSchema, queries: "-- name: C :copyfrom\nDELETE FROM posts WHERE id = $1;").first?
                .contains(":copyfrom needs INSERT INTO table (columns) VALUES") == true)
    }

    @Test func batchAndCopyCommandsGenerateParamsStructs() throws {
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001.sql", text: usersSchema)],
            queries: [
                SourceFile(
                    path: "b.sql",
                    text: """
                        -- name: CopyPosts :copyfrom
                        INSERT INTO posts (title, id, user_id, tags) VALUES ($3, $1, $2, $4);

                        -- name: TitlesOf :batchmany
                        SELECT title FROM posts WHERE user_id = $1;
                        """)
            ])
        let swift = try #require(generator.emit(analysis).first { $0.name == "BQueries.swift" }?.content)
        #expect(swift.contains("public struct CopyPostsParams: Sendable, Hashable, Codable {"))
        #expect(
            swift.contains(
                """
                    @discardableResult
                    public func copyPosts(_ rows: [CopyPostsParams]) async throws -> Int {
                        try await copyFrom(into: "posts", columns: ["title", "id", "user_id", "tags"], rows: rows) { row, item in
                            row.append(item.title)
                            row.append(item.id)
                            row.append(item.userID)
                            row.append(item.tags)
                        }
                    }
                """), "COPY with the columns in the INSERT's order, each from its parameter")
        #expect(!swift.contains("copyPostsSQL"), "the INSERT itself is not sent")
        #expect(
            swift.contains(
                """
                    public func titlesOf(_ batch: [TitlesOfParams]) async throws -> [[String]] {
                        try await runBatch(batch) { item in
                            var bindings = PostgresBindings(capacity: 1)
                            bindings.append(item.userID)
                            return PostgresQuery(unsafeSQL: Self.titlesOfSQL, binds: bindings)
                        } result: { rows in
                            try rows.map { try $0[0].decode(String.self) }
                        }
                    }
                """))
    }

    @Test func copyFromFallsBackToMultiRowInsertsForOverrideTypes() throws {
        var config = GeneratorConfig(schema: [], queries: [])
        config.overrides = [TypeOverride(column: "posts.title", swiftType: "Title")]
        let generator = Generator(config: config)
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001.sql", text: usersSchema)],
            queries: [
                SourceFile(
                    path: "b.sql",
                    text: """
                        -- name: CopyPosts :copyfrom
                        INSERT INTO posts (id, user_id, title) VALUES ($1, $2, $3);
                        """)
            ])
        let swift = try #require(generator.emit(analysis).first { $0.name == "BQueries.swift" }?.content)
        #expect(swift.contains("var title: Title"))
        #expect(
            swift.contains(#"Queries.multiRowInsert("INSERT INTO posts (id, user_id, title) VALUES ", row: "($1, $2, $3)", suffix: "","#))
        #expect(swift.contains("/// Inserts every element of `rows` (one multi-row INSERT per 21845 rows); returns the number inserted."))
    }

    @Test func copyFromIntoAViewIsAMultiRowInsert() throws {
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let analysis = try generator.analyze(
            schema: [
                SourceFile(
                    path: "0001.sql",
                    text: """
                        CREATE TABLE notes (id int, body text);
                        CREATE VIEW bodies AS SELECT id, body FROM notes;
                        """)
            ], queries: [SourceFile(path: "v.sql", text: "-- name: CopyBodies :copyfrom\nINSERT INTO bodies (id, body) VALUES ($1, $2);")])
        let swift = try #require(generator.emit(analysis).first { $0.name == "VQueries.swift" }?.content)
        #expect(swift.contains("Queries.multiRowInsert(") && !swift.contains("copyFrom(into:"))
    }

    @Test func copyFromWritesDatesByColumnType() throws {
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let analysis = try generator.analyze(
            schema: [
                SourceFile(
                    path: "0001.sql",
                    text: """
                        CREATE SCHEMA app;
                        CREATE TABLE app.events (at timestamptz, local timestamp, day date);
                        """)
            ],
            queries: [
                SourceFile(
                    path: "e.sql", text: "-- name: CopyEvents :copyfrom\nINSERT INTO app.events (at, local, day) VALUES ($1, $2, $3);")
            ])
        let swift = try #require(generator.emit(analysis).first { $0.name == "EQueries.swift" }?.content)
        #expect(swift.contains(#"try await copyFrom(into: "app.events", columns: ["at", "local", "day"], rows: rows) { row, item in"#))
        #expect(swift.contains("row.append(item.at)\n"))
        #expect(swift.contains("row.append(item.local, as: .timestamp)\n"))
        #expect(swift.contains("row.append(item.day, as: .date)\n"))
    }

    @Test func manyQueriesAlsoStream() throws {
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001.sql", text: usersSchema)],
            queries: [SourceFile(path: "s.sql", text: "-- name: Titles :many\nSELECT title FROM posts;")])
        let swift = try #require(generator.emit(analysis).first { $0.name == "SQueries.swift" }?.content)
        #expect(swift.contains("public func titlesStream() async throws -> AsyncThrowingMapSequence<PostgresRowSequence, String> {"))
    }

    @Test func sliceInListBecomesAnyOfAnArray() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: PostsOf :many
                SELECT id FROM posts WHERE user_id IN (sqlc.slice(user_ids)) AND title = @title;
                """)
        let posts = try #require(query("PostsOf", in: analysis))
        #expect(posts.sql.contains("WHERE user_id = ANY($1) AND title = $2"))
        #expect(posts.parameters.map(\.name) == ["user_ids", "title"])
        #expect(posts.parameters.first?.type == SQLType("int8", isArray: true))
    }

    @Test func coalesceParametersAreNullableAndRepeatedNamesAreNumbered() throws {
        let analysis = try analyze(
            schema: usersSchema,
            queries: """
                -- name: Retitle :exec
                UPDATE posts SET title = COALESCE(@title, title) WHERE id = @id;

                -- name: Scores :many
                SELECT id FROM posts WHERE score IN ($1, $2, $3);
                """)
        #expect(query("Retitle", in: analysis)?.parameters.first?.notNull == false)
        #expect(query("Scores", in: analysis)?.parameters.map(\.name) == ["score", "score_2", "score_3"])
    }

    @Test func migrationFormatsKeepOnlyTheirUpParts() {
        let dbmate = "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n"
        #expect(GooseSections.upOnly(dbmate).contains("CREATE TABLE a") && !GooseSections.upOnly(dbmate).contains("DROP"))
        let tern = "CREATE TABLE b (id int);\n---- create above / drop below ----\nDROP TABLE b;\n"
        #expect(!GooseSections.upOnly(tern).contains("DROP"))
        let sqlMigrate = "-- +migrate Up\nCREATE TABLE c (id int);\n-- +migrate Down\nDROP TABLE c;\n"
        #expect(!GooseSections.upOnly(sqlMigrate).contains("DROP"))
        let dump = "\\connect app\nCREATE TABLE d (id int);\n"
        #expect(!GooseSections.upOnly(dump).contains("connect") && GooseSections.upOnly(dump).utf8.count == dump.utf8.count)
    }

    @Test func globsAndDownFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlfiles-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/m", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["m/1_a.up.sql", "m/1_a.down.sql", "m/2_b.up.sql", "m/notes.txt"] {
            _ = FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data())
        }
        #expect(try SQLFiles.find(["m"], relativeTo: folder).map { ($0 as NSString).lastPathComponent } == ["1_a.up.sql", "2_b.up.sql"])
        #expect(
            try SQLFiles.find(["m/*.up.sql"], relativeTo: folder).map { ($0 as NSString).lastPathComponent } == [
                "1_a.up.sql", "2_b.up.sql",
            ])
        #expect(throws: Diagnostic.self) { try SQLFiles.find(["m/*.nothing"], relativeTo: folder) }
    }

    @Test func catalogKnowsSchemasDomainsPartitionsViewsAndFunctions() throws {
        let analysis = try analyze(
            schema: """
                CREATE SCHEMA shop;
                CREATE TYPE shop.mood AS ENUM ('ok');
                CREATE DOMAIN positive AS int CHECK (VALUE > 0);
                CREATE TABLE shop.items (id int PRIMARY KEY, qty positive NOT NULL, mood shop.mood);
                CREATE TABLE logs (id bigserial, at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE base (id int NOT NULL);
                CREATE TABLE child (extra text) INHERITS (base);
                CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS n FROM shop.items;
                CREATE FUNCTION twice(x int) RETURNS bigint LANGUAGE sql AS $$ SELECT x * 2 $$;
                """,
            queries: """
                -- name: Items :many
                SELECT id, qty, mood, twice(id) AS doubled FROM shop.items WHERE qty > $1;

                -- name: Others :many
                SELECT l.id, c.id AS base_id, c.extra, t.n FROM logs_2024 l, child c, totals t;
                """)
        let items = try #require(query("Items", in: analysis))
        #expect(items.columns.map(\.type.name) == ["int4", "int4", "shop.mood", "int8"])
        #expect(items.columns.first?.table == "shop.items")
        #expect(items.parameters.first?.type.name == "positive")  // the server checks the domain
        let others = try #require(query("Others", in: analysis))
        #expect(others.columns.map(\.notNull) == [true, true, false, true])
    }

    @Test func parseTreeJSONReadsEscapesAndNumbers() throws {
        let node = try ParseTreeJSON.parse(Array(#"{"a":[1,-2.5e1,true,false,null],"s":"q\"\\\u00e9\ud83d\ude00\n"}"#.utf8))
        #expect(node["a"]?.elements == [.int(1), .double(-25), .bool(true), .bool(false), .null])
        #expect(node["s"]?.stringValue == "q\"\\é😀\n")
        #expect(throws: ParseTreeJSON.Malformed.self) { try ParseTreeJSON.parse(Array("{\"a\":".utf8)) }
    }

    @Test func initialismPluralsStayTogether() {
        #expect(SwiftNames.memberName("ProductsBySKUs") == "productsBySKUs")
        #expect(SwiftNames.memberName("posts_with_cte") == "postsWithCTE")
        #expect(SwiftNames.memberName("user_ids") == "userIDs")
    }
}

struct OutputOptionTests {
    @Test func protocolForMockingAndCodableSwitch() throws {
        var config = GeneratorConfig(schema: [], queries: [])
        config.output.emitProtocol = true
        config.output.codable = false
        let generator = Generator(config: config)
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001.sql", text: usersSchema)],
            queries: [
                SourceFile(
                    path: "p.sql",
                    text: """
                        -- name: GetPost :one
                        SELECT * FROM posts WHERE id = $1;

                        -- name: Titles :many
                        SELECT title FROM posts;
                        """)
            ])
        let files = generator.emit(analysis)
        let proto = try #require(files.first { $0.name == "QueriesProtocol.swift" }?.content)
        #expect(proto.contains("public protocol QueriesProtocol: Sendable {"))
        #expect(proto.contains("    func getPost(id: UUID) async throws -> Post?\n"))
        #expect(proto.contains("    func titles() async throws -> [String]\n"))
        #expect(proto.contains("    func titlesStream() async throws -> AsyncThrowingMapSequence<PostgresRowSequence, String>\n"))
        #expect(proto.contains("extension Queries: QueriesProtocol {}"))
        let models = try #require(files.first { $0.name == "Models.swift" }?.content)
        #expect(models.contains("public struct Post: Sendable, Hashable {") && !models.contains("Codable"))
    }
}

struct UnknownTypeTests {
    /// A type that cannot be known is a warning and an explicit `Data` (raw bytes), never a silent Any.
    @Test func unknownColumnTypesWarnAndFallBackToRawBytes() throws {
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001.sql", text: usersSchema)],
            queries: [
                SourceFile(
                    path: "queries/u.sql",
                    text: """
                        -- name: Mystery :one
                        SELECT id, some_extension_function(title) AS value FROM posts;
                        """)
            ])
        #expect(
            analysis.warnings.map(\.description) == [
                "queries/u.sql:2:12: warning: cannot know the type of column \"value\": it is read as the raw bytes of its binary value (Data); add a cast, e.g. (...)::text"
            ])
        let swift = try #require(generator.emit(analysis).first { $0.name == "UQueries.swift" }?.content)
        #expect(swift.contains("public var value: Data?"))
    }
}
