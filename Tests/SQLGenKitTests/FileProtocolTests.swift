import Testing

@testable import SQLGenKit

/// `output.protocol: true`: one protocol per query file, named after it, that `Queries` conforms to.
struct FileProtocolTests {
    static let queries = """
        -- name: GetUser :one
        -- Finds one user.
        SELECT * FROM users WHERE id = $1;
        -- name: ListEmails :many
        SELECT id, email FROM users WHERE role = @role;
        -- name: Touch :execresult
        UPDATE users SET avatar_url = @avatar_url WHERE id = @id;
        -- name: CopyPosts :copyfrom
        INSERT INTO posts (id, user_id, title) VALUES ($1, $2, $3);
        -- name: PostTitles :batchmany
        SELECT title FROM posts WHERE user_id = $1;
        """

    func emit(protocols: Bool, access: String = "public", file: String = "users.sql") throws -> [String: String] {
        var config = GeneratorConfig(schema: [], queries: [])
        config.output.emitProtocol = protocols
        config.output.access = access
        let generator = Generator(config: config)
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001_init.sql", text: usersSchema)],
            queries: [SourceFile(path: file, text: Self.queries)])
        return Dictionary(uniqueKeysWithValues: generator.emit(analysis).map { ($0.name, $0.content) })
    }

    @Test func eachQueryFileGetsAProtocolNamedAfterIt() throws {
        let swift = try #require(try emit(protocols: true)["UsersQueries.swift"])
        let expected = """
            /// The queries of users.sql, as `Queries` runs them on PostgreSQL; a test double may keep them in memory
            /// (its `withTransaction` runs the body on itself).
            public protocol UsersQueries: TransactionalQueries {
                /// Finds one user.
                func getUser(id: Int64) async throws -> User?

                func listEmails(role: Role) async throws -> [ListEmailsRow]

                @discardableResult
                func touch(avatarURL: String?, id: Int64) async throws -> Int

                @discardableResult
                func copyPosts(_ rows: [CopyPostsParams]) async throws -> Int

                func postTitles(_ batch: [PostTitlesParams]) async throws -> [[String]]
            }

            extension Queries: UsersQueries {}

            """
        #expect(swift.hasSuffix("}\n\n" + expected))
        // A fake cannot make the rows of a stream, so `listEmailsStream` stays on `Queries` only.
        #expect(swift.contains("    public func listEmailsStream(role: Role) async throws"))
        #expect(!expected.contains("Stream"))
    }

    @Test func theProtocolOfEveryQueryStaysAsItWas() throws {
        let files = try emit(protocols: true)
        let all = try #require(files["QueriesProtocol.swift"])
        #expect(all.contains("public protocol QueriesProtocol: Sendable {"))
        #expect(
            all.contains(
                "    func listEmailsStream(role: Role) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, ListEmailsRow>\n"))
        #expect(all.contains("extension Queries: QueriesProtocol {}"))
    }

    @Test func noProtocolsUnlessAsked() throws {
        let files = try emit(protocols: false)
        #expect(files["QueriesProtocol.swift"] == nil)
        #expect(files["UsersQueries.swift"]?.contains("protocol") == false)
    }

    @Test func protocolsTakeTheConfiguredAccess() throws {
        let plain = try #require(try emit(protocols: true, access: "internal")["UsersQueries.swift"])
        #expect(
            plain.contains(
                "\nprotocol UsersQueries: TransactionalQueries {\n    /// Finds one user.\n    func getUser(id: Int64) async throws -> User?\n"
            ))
        let package = try #require(
            try emit(protocols: true, access: "package", file: "sql/queries/uploadFile.sql")["UploadFileQueries.swift"])
        #expect(package.contains("\npackage protocol UploadFileQueries: TransactionalQueries {\n"))
        #expect(package.contains("\nextension Queries: UploadFileQueries {}\n"))
    }

    @Test(arguments: [
        ("sql/queries/uploadFile.sql", "UploadFileQueries"), ("jobs.sql", "JobsQueries"), ("jobs_queue.sql", "JobsQueueQueries"),
        ("multipart-reaper.sql", "MultipartReaperQueries"), ("2fa.sql", "_2faQueries"),
    ])
    func protocolNames(file: String, name: String) {
        #expect(SwiftNames.queriesProtocolName(forQueryFile: file) == name)
        #expect(SwiftNames.queriesFileName(forQueryFile: file) == name + ".swift")
    }

    @Test func aProtocolNamedLikeAnotherTypeIsAnError() throws {
        var config = GeneratorConfig(schema: [], queries: [])
        config.output.emitProtocol = true
        config.rename = ["posts": "UsersQueries"]
        let generator = Generator(config: config)
        #expect {
            _ = try generator.analyze(
                schema: [SourceFile(path: "0001_init.sql", text: usersSchema)],
                queries: [SourceFile(path: "users.sql", text: "-- name: A :one\nSELECT 1 AS one;")])
        } throws: { error in
            (error as? Diagnostics)?.items.map(\.description)
                == [
                    "users.sql:1:1: error: its protocol UsersQueries would have the name of the model of posts: rename the file or the type"
                ]
        }
        config.output.emitProtocol = false
        _ = try Generator(config: config).analyze(
            schema: [SourceFile(path: "0001_init.sql", text: usersSchema)],
            queries: [SourceFile(path: "users.sql", text: "-- name: A :one\nSELECT 1 AS one;")])
    }

    @Test func everyGeneratedFileImportsTheRuntimeOnce() throws {
        var config = GeneratorConfig(schema: [], queries: [])
        config.output.emitProtocol = true
        config.output.imports = ["SQLGenRuntime", "Overrides"]
        let generator = Generator(config: config)
        let analysis = try generator.analyze(
            schema: [SourceFile(path: "0001_init.sql", text: usersSchema)],
            queries: [SourceFile(path: "users.sql", text: Self.queries)])
        let files = generator.emit(analysis)
        #expect(Set(files.map(\.name)) == ["Models.swift", "UsersQueries.swift", "EmbeddedMigrations.swift", "QueriesProtocol.swift"])
        for file in files {
            #expect(file.content.components(separatedBy: "import SQLGenRuntime\n").count == 2, "\(file.name)")
            #expect(file.content.contains("import SQLGenRuntime\nimport Overrides\n"), "\(file.name)")
        }
    }
}
