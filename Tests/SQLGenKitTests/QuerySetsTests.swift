import Foundation
import Testing

@testable import SQLGenKit

/// Several query sets in one sqlgen.yaml (sqlc's `sql:` list), each its own schema, queries, output and options.
struct QuerySetsTests {
    func load(_ yaml: String) throws(Diagnostic) -> [GeneratorConfig] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sqlgen-\(UUID().uuidString).yaml").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try GeneratorConfig.loadSets(path: path)
    }

    @Test func eachSetHasItsOwnPathsOutputAndOptionsAndSharesTheTopLevelOnes() throws {
        let sets = try load(
            """
            version: 1
            overrides:
              - db_type: jsonb
                swift_type: JSONValue
            rename:
              users: Member
              posts: Article
            sql:
              - engine: postgresql          # sqlc's keys are accepted
                schema: [app/schema]
                queries: [app/queries]
                output: {module: Database}
              - schema: reporting/schema.sql
                queries: reporting/queries
                output:
                  module: Reporting
                  access: internal
                  migrations: false
                  imports: [Database]
                overrides:
                  - column: totals.amount
                    swift_type: Double
                rename:
                  users: Reader
            """)
        try #require(sets.count == 2)
        #expect(sets[0].schema == ["app/schema"] && sets[0].queries == ["app/queries"] && sets[0].output.module == "Database")
        #expect(sets[0].overrides == [TypeOverride(databaseType: "jsonb", swiftType: "JSONValue")])
        #expect(sets[1].schema == ["reporting/schema.sql"] && sets[1].output.access == "internal" && !sets[1].output.migrations)
        #expect(sets[1].overrides.map(\.swiftType) == ["Double", "JSONValue"], "a set's own overrides come first, so they win")
        #expect(sets[1].rename == ["users": "Reader", "posts": "Article"])
        #expect(sets[0].rename == ["users": "Member", "posts": "Article"])
    }

    @Test func aFileWithoutSQLIsOneSet() throws {
        let sets = try load("schema: [db/schema]\nqueries: [db/queries]\noutput: {module: Store}\n")
        #expect(sets.map(\.output.module) == ["Store"] && sets[0].schema == ["db/schema"])
    }

    @Test func invalidSetsAreRejectedWithTheReason() {
        func error(_ yaml: String) -> String {
            do {
                _ = try load(yaml)
                return ""
            } catch {
                return error.message
            }
        }
        #expect(
            error("sql:\n  - {schema: [a], queries: [b]}\n  - {schema: [c], queries: [d]}\n")
                .contains("two query sets generate module Database"))
        #expect(error("schema: [a]\nsql:\n  - {schema: [a], queries: [b]}\n").contains("`schema` belongs in each set"))
        #expect(error("sql:\n  - {schema: [a]}\n").contains("query set 1 needs `schema` and `queries`"))
        #expect(error("sql: []\n").contains("lists no query set"))
    }

    @Test func loadWantsExactlyOneSet() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sqlgen-\(UUID().uuidString).yaml").path
        _ = FileManager.default.createFile(
            atPath: path,
            contents: Data(
                """
                sql:
                  - {schema: [a], queries: [b], output: {module: A}}
                  - {schema: [c], queries: [d], output: {module: B}}
                """.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: Diagnostic.self) { try GeneratorConfig.load(path: path) }
    }

    @Test func twoSetsGenerateIndependentCode() throws {
        let sets = try load(
            """
            sql:
              - {schema: [s], queries: [q], output: {module: Database}}
              - {schema: [s], queries: [q], output: {module: Reporting, access: internal, migrations: false}, rename: {users: Reader}}
            """)
        let schema = [SourceFile(path: "s/0001_init.sql", text: usersSchema)]
        let queries = [SourceFile(path: "q/users.sql", text: "-- name: GetUser :one\nSELECT * FROM users WHERE id = $1;\n")]
        let outputs = try sets.map { set in
            let generator = Generator(config: set)
            return Dictionary(
                uniqueKeysWithValues: generator.emit(try generator.analyze(schema: schema, queries: queries)).map { ($0.name, $0.content) })
        }
        #expect(outputs[0]["UsersQueries.swift"]?.contains("public func getUser(id: Int64) async throws -> User?") == true)
        #expect(outputs[1]["UsersQueries.swift"]?.contains("\n    func getUser(id: Int64) async throws -> Reader?") == true)
        #expect(outputs[0]["EmbeddedMigrations.swift"] != nil && outputs[1]["EmbeddedMigrations.swift"] == nil)
    }
}
