import Testing

@testable import SQLGenKit

struct NamingTests {
    @Test(arguments: [
        ("user_id", "userID"), ("file_url", "fileURL"), ("multipart_upload_id", "multipartUploadID"),
        ("id", "id"), ("created_at", "createdAt"), ("SetMultipartUploadID", "setMultipartUploadID"),
        ("GetHTTPStatus", "getHTTPStatus"), ("sha256", "sha256"), ("user_ids", "userIDs"), ("default", "`default`"),
        ("in-review", "inReview"),
    ])
    func memberNames(sql: String, swift: String) {
        #expect(SwiftNames.memberName(sql) == swift)
    }

    @Test(arguments: [("upload_status", "UploadStatus"), ("url_map", "URLMap"), ("api_keys", "APIKeys")])
    func typeNames(sql: String, swift: String) {
        #expect(SwiftNames.typeName(sql) == swift)
    }

    @Test(arguments: [
        ("uploads", "upload"), ("categories", "category"), ("boxes", "box"), ("status", "status"), ("addresses", "address"),
        ("news", "new"),
    ])
    func singulars(plural: String, singular: String) {
        #expect(SwiftNames.singular(plural) == singular)
    }

    @Test(arguments: [("status", "statuses"), ("category", "categories"), ("id", "ids"), ("day", "days"), ("box", "boxes")])
    func plurals(singular: String, plural: String) {
        #expect(SwiftNames.plural(singular) == plural)
    }

    @Test func queryFileNames() {
        #expect(SwiftNames.queriesFileName(forQueryFile: "sql/queries/uploadFile.sql") == "UploadFileQueries.swift")
        #expect(SwiftNames.queriesFileName(forQueryFile: "jobs_queue.sql") == "JobsQueueQueries.swift")
    }
}

struct EmitterTests {
    func emit(_ queries: String, config: GeneratorConfig = GeneratorConfig(schema: [], queries: [])) throws -> [String: String] {
        let generator = Generator(config: config)
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001_init.sql", text: usersSchema)],
            queries: [SourceFile(path: "users.sql", text: queries)])
        return Dictionary(uniqueKeysWithValues: generator.emit(analysis).map { ($0.name, $0.content) })
    }

    @Test func modelsHaveSwiftNamesTypesAndEnums() throws {
        let files = try emit("")
        let models = try #require(files["Models.swift"])
        #expect(models.contains("public enum Role: String, Sendable, Hashable, Codable, CaseIterable {"))
        #expect(models.contains("    case inReview = \"in-review\"\n"))
        #expect(models.contains("public struct User: Sendable, Hashable, Codable {"))
        #expect(models.contains("    public var avatarURL: String?\n"))
        #expect(models.contains("    public var role: Role\n"))
        #expect(models.contains("public struct Post: Sendable, Hashable, Codable {"))
        #expect(models.contains("    public var tags: [String]\n"))
        #expect(models.contains("    public var userID: Int64\n"))
        #expect(models.contains("userID: try cells[offset + 1].decode(Int64.self),"))
        #expect(models.hasPrefix(OutputFile.marker))
    }

    @Test func queriesReuseModelsOrEmitRowsAndScalars() throws {
        let files = try emit(
            """
            -- name: GetUser :one
            -- Finds one user.
            SELECT * FROM users WHERE id = $1;

            -- name: ListEmails :many
            SELECT id, email FROM users WHERE role = @role LIMIT @page_size;

            -- name: CountUsers :one
            SELECT count(*) FROM users;

            -- name: DeleteUser :execrows
            DELETE FROM users WHERE id = $1;

            -- name: ByRoles :many
            SELECT id FROM users WHERE role = ANY(@roles) AND (sqlc.narg(other)::role[] IS NULL OR role = ANY(sqlc.narg(other)::role[]));

            -- name: Touch :exec
            UPDATE users SET avatar_url = @avatar_url WHERE id = @id;
            """)
        let swift = try #require(files["UsersQueries.swift"])
        #expect(swift.contains("    /// Finds one user.\n    public func getUser(id: Int64) async throws -> User? {"))
        #expect(swift.contains("public struct ListEmailsRow: Sendable, Hashable, Codable {"))
        #expect(swift.contains("public func listEmails(role: Role, pageSize: Int64) async throws -> [ListEmailsRow]"))
        #expect(swift.contains("public func countUsers() async throws -> Int64?"))
        #expect(swift.contains("public func deleteUser(id: Int64) async throws -> Int"))
        #expect(swift.contains("public func touch(avatarURL: String?, id: Int64) async throws {"))
        #expect(swift.contains("WHERE role = $1 LIMIT $2"))
        #expect(swift.contains("public func byRoles(roles: [Role], other: [Role]?) async throws -> [Int64]"))
        #expect(swift.contains("bindings.append(PostgresEnumArray(elements: roles))"))
        #expect(swift.contains("bindings.append(other.map { PostgresEnumArray(elements: $0) })"))
    }

    @Test func overridesRenamesAndAccess() throws {
        var config = GeneratorConfig(schema: [], queries: [])
        config.overrides = [
            TypeOverride(databaseType: "float8", swiftType: "Float"), TypeOverride(column: "users.email", swiftType: "EmailAddress"),
        ]
        config.rename = ["users.avatar_url": "picture", "users": "Member"]
        config.output.access = "package"
        let files = try emit("-- name: GetUser :one\nSELECT * FROM users WHERE email = $1;", config: config)
        let models = try #require(files["Models.swift"])
        #expect(models.contains("package struct Member: Sendable, Hashable, Codable {"))
        #expect(models.contains("package var picture: String?"))
        #expect(models.contains("package var email: EmailAddress"))
        #expect(models.contains("package var score: Float?"))
        #expect(files["UsersQueries.swift"]?.contains("package func getUser(email: EmailAddress) async throws -> Member?") == true)
    }

    @Test func outputIsDeterministic() throws {
        let queries = "-- name: A :many\nSELECT u.id, p.title FROM users u JOIN posts p ON p.user_id = u.id;"
        #expect(try emit(queries) == (try emit(queries)))
    }

    @Test func migrationsAreEmbeddedWithoutDownSections() throws {
        let files = try emit("")
        let migrations = try #require(files["EmbeddedMigrations.swift"])
        #expect(migrations.contains("version: 1,"))
        #expect(migrations.contains("name: \"0001_init.sql\","))
        #expect(migrations.contains("checksum: \"\(SHA256.hex(Array(usersSchema.utf8)))\","))
        #expect(migrations.contains("CREATE INDEX posts_user ON posts (user_id)"))
        #expect(!migrations.contains("DROP TABLE"))
    }
}

struct MigrationReaderTests {
    @Test func splitsTheUpSectionIntoStatements() throws {
        let migration = try MigrationReader.read(SourceFile(path: "sql/schema/0007_things.sql", text: usersSchema))
        #expect(migration.version == 7)
        #expect(migration.name == "0007_things.sql")
        #expect(migration.statements.count == 4)
        #expect(migration.statements[0].hasPrefix("CREATE TYPE role"))
        #expect(migration.statements.allSatisfy { !$0.hasSuffix(";") && !$0.contains("DROP") })
    }

    @Test func gooseNoTransactionIsKept() throws {
        let text = "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
        let migration = try MigrationReader.read(SourceFile(path: "0002_index.sql", text: text))
        #expect(!migration.transactional)
        #expect(try MigrationReader.read(SourceFile(path: "0001.sql", text: "SELECT 1;")).transactional)
        let emitted = MigrationsEmitter.emit(
            [migration], options: EmitOptions(types: SwiftTypes(catalog: Catalog()), naming: NamingRules()))
        #expect(emitted.content.contains("transactional: false"))
    }

    @Test func fileNamesNeedAVersion() {
        #expect(throws: Diagnostic.self) { try MigrationReader.read(SourceFile(path: "init.sql", text: "SELECT 1;")) }
    }

    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = String(repeating: "a", count: 1000)
        #expect(SHA256.hex(Array(long.utf8)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}

struct TypeMappingTests {
    @Test func typesWithoutASwiftMappingNeedAnOverride() throws {
        let schema = "CREATE TABLE jobs (id int PRIMARY KEY, every money NOT NULL, payload bytea, data jsonb);"
        let found = diagnostics(schema: schema, queries: "")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("schema/0001_init.sql:1:40: error: column jobs.every has type money") == true)

        var config = GeneratorConfig(schema: [], queries: [])
        config.overrides = [TypeOverride(column: "jobs.every", swiftType: "Duration")]
        let generator = Generator(config: config)
        let files = generator.emit(try generator.analyze(schema: [SourceFile(path: "0001.sql", text: schema)], queries: []))
        let models = try #require(files.first { $0.name == "Models.swift" }?.content)
        #expect(models.contains("public var every: Duration\n"))
        #expect(models.contains("public var payload: Data?\n"))
        #expect(models.contains("public var data: JSONValue?\n"))
    }

    @Test func intervalTimeInetAndCIDRHaveDatabaseTypes() throws {
        let analysis = try analyze(schema: "CREATE TABLE slots (d interval NOT NULL, t time, a inet[], n cidr NOT NULL);", queries: "")
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let models = try #require(generator.emit(analysis).first { $0.name == "Models.swift" }?.content)
        for field in ["d: Interval\n", "t: TimeOfDay?\n", "a: [InetAddress]?\n", "n: InetAddress\n"] {
            #expect(models.contains("public var " + field), "\(field)")
        }
        #expect(
            diagnostics(schema: "CREATE TABLE o (x oid);", queries: "").first?.contains("has type oid, which has no Swift type yet") == true
        )
    }

    @Test func rangesAreSQLRangesOfTheirSubtype() throws {
        let analysis = try analyze(
            schema: "CREATE TABLE r (a int4range NOT NULL, b int8range, c numrange, d tstzrange, e tsrange, f daterange);", queries: "")
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let models = try #require(generator.emit(analysis).first { $0.name == "Models.swift" }?.content)
        for field in [
            "a: SQLRange<Int32>\n", "b: SQLRange<Int64>?\n", "c: SQLRange<Decimal>?\n", "d: SQLRange<Date>?\n", "f: SQLRange<Date>?\n",
        ] {
            #expect(models.contains("public var " + field), "\(field)")
        }
        #expect(
            diagnostics(schema: "CREATE TABLE r (a int4range[]);", queries: "").first?.contains(
                "has type int4range, which has no Swift type yet") == true)
    }
}

struct EmbedTests {
    @Test func embeddedTablesBecomeModelFields() throws {
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001.sql", text: usersSchema)],
            queries: [
                SourceFile(
                    path: "feed.sql",
                    text: """
                        -- name: Feed :many
                        SELECT sqlc.embed(p), sqlc.embed(u), u.email AS author FROM posts p JOIN users u ON u.id = p.user_id WHERE p.user_id = @user_id;
                        """)
            ])
        let feed = try #require(query("Feed", in: analysis))
        #expect(feed.sql.hasPrefix("SELECT p.*, u.*, u.email AS author FROM"))
        #expect(feed.parameters.map(\.name) == ["user_id"])
        #expect(feed.columns.filter { $0.embed == "p" }.count == 7)
        let swift = try #require(generator.emit(analysis).first { $0.name == "FeedQueries.swift" }?.content)
        #expect(swift.contains("    public var post: Post\n    public var user: User\n    public var author: String\n"))
        #expect(swift.contains("post: try Post(cells: cells, from: 0),"))
        #expect(swift.contains("user: try User(cells: cells, from: 7),"))
        #expect(swift.contains("author: try cells[12].decode(String.self)"))
    }

    /// sqlc #2348: the nullable side of an outer join embeds as an optional model, nil when all its
    /// columns are NULL; its columns keep the table's nullability so the model still decodes.
    @Test func embeddingTheNullableSideOfAnOuterJoinGivesAnOptionalModel() throws {
        let generator = Generator(config: GeneratorConfig(schema: [], queries: []))
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001.sql", text: usersSchema)],
            queries: [
                SourceFile(
                    path: "feed.sql",
                    text: """
                        -- name: Feed :many
                        SELECT sqlc.embed(u), sqlc.embed(p) FROM users u LEFT JOIN posts p ON p.user_id = u.id;
                        """)
            ])
        let feed = try #require(query("Feed", in: analysis))
        let embedded = feed.columns.filter { $0.embed == "p" }
        #expect(embedded.count == 7 && embedded.allSatisfy(\.embedNullable))
        #expect(embedded.first { $0.name == "title" }?.notNull == true)
        #expect(!feed.columns.filter { $0.embed == "u" }.contains { $0.embedNullable })
        let swift = try #require(generator.emit(analysis).first { $0.name == "FeedQueries.swift" }?.content)
        #expect(swift.contains("    public var user: User\n    public var post: Post?\n"))
        #expect(swift.contains("post: (5..<12).allSatisfy { cells[$0].bytes == nil } ? nil : try Post(cells: cells, from: 5)"))
    }
}
