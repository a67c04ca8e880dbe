import Foundation
import SQLGenKit
import TestSupport
import Testing

/// `sqlgen check` (LiveCheck): the server's own Parse/Describe agrees with sqlgen on every corpus query,
/// and disagreements — a wrong override, a schema that drifted from the migrations — are reported.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct LiveCheckTests {
    static let corpus = AnalyzerAgreementTests.root + "/Tests/SQLGenCorpus"

    static func files(_ set: String, _ folder: String) throws -> [SourceFile] {
        try SQLFiles.read(try SQLFiles.find([folder], relativeTo: "\(corpus)/\(set)"))
    }

    static func url() throws -> String {
        try #require(TestServices.databaseURL, "TEST_DATABASE_URL is not set")
    }

    @Test(arguments: ["blog", "shop", "jobs", "catalog", "types"])
    func everyCorpusQueryAgreesWithTheServer(set: String) throws {
        let config = GeneratorConfig(schema: [], queries: [])
        let schema = try Self.files(set, "schema")
        let analysis = try Generator(config: config).analyze(schema: schema, queries: try Self.files(set, "queries"))
        let findings = try LiveCheck(config: config).run(analysis, schema: schema, url: try Self.url(), applySchema: true)
        #expect(findings.isEmpty, "\(findings.map(\.description).joined(separator: "\n"))")
    }

    @Test func queriesSQLCRejectsAgreeWithTheServerToo() throws {
        let config = GeneratorConfig(schema: [], queries: [])
        let schema = try Self.files("types", "schema")
        let analysis = try Generator(config: config).analyze(schema: schema, queries: try Self.files("types", "beyond-sqlc"))
        let findings = try LiveCheck(config: config).run(analysis, schema: schema, url: try Self.url(), applySchema: true)
        #expect(findings.isEmpty, "\(findings.map(\.description).joined(separator: "\n"))")
    }

    static let schema = """
        CREATE TABLE accounts (id bigint PRIMARY KEY, karma integer NOT NULL, name text NOT NULL);
        """
    static let queries = """
        -- name: Karma :one
        SELECT karma FROM accounts WHERE id = $1;

        -- name: SetKarma :exec
        UPDATE accounts SET karma = $1 WHERE id = $2;
        """

    @Test func findsAnOverrideThatCannotHoldTheServerType() throws {
        let config = GeneratorConfig(schema: [], queries: [], overrides: [TypeOverride(column: "accounts.karma", swiftType: "Int16")])
        let schema = [SourceFile(path: "schema/0001.sql", text: Self.schema)]
        let analysis = try Generator(config: config).analyze(
            schema: schema, queries: [SourceFile(path: "queries/a.sql", text: Self.queries)])
        let findings = try LiveCheck(config: config).run(analysis, schema: schema, url: try Self.url(), applySchema: true)
        let messages = findings.map(\.description)
        #expect(
            messages.contains {
                $0.contains("queries/a.sql:1:1: error: Karma: column karma: the Swift type Int16 cannot hold the server's int4")
            },
            "\(messages)")
        #expect(
            messages.contains { $0.contains("SetKarma: parameter $1 (karma): the Swift type Int16 cannot hold the server's int4") },
            "\(messages)")
        #expect(!messages.contains { $0.contains("parameter $2") })
    }

    @Test func findsStaticTypesThatDisagreeWithTheServer() throws {
        // The database drifted from the migrations: karma became bigint on the server.
        let config = GeneratorConfig(schema: [], queries: [])
        let analysis = try Generator(config: config).analyze(
            schema: [SourceFile(path: "schema/0001.sql", text: Self.schema)],
            queries: [SourceFile(path: "queries/a.sql", text: Self.queries)])
        let drifted = [
            SourceFile(path: "schema/0001.sql", text: Self.schema.replacingOccurrences(of: "karma integer", with: "karma bigint"))
        ]
        let messages = try LiveCheck(config: config).run(analysis, schema: drifted, url: try Self.url(), applySchema: true).map(
            \.description)
        #expect(messages.contains { $0.contains("Karma: column karma: sqlgen infers int4, the server int8") }, "\(messages)")
        #expect(messages.contains { $0.contains("SetKarma: parameter $1 (karma): sqlgen infers int4, the server int8") }, "\(messages)")
    }

    @Test func reportsAQueryTheServerRejects() throws {
        let config = GeneratorConfig(schema: [], queries: [])
        let analysis = try Generator(config: config).analyze(
            schema: [SourceFile(path: "schema/0001.sql", text: Self.schema)],
            queries: [SourceFile(path: "queries/a.sql", text: Self.queries)])
        let renamed = [
            SourceFile(path: "schema/0001.sql", text: Self.schema.replacingOccurrences(of: "karma integer", with: "score integer"))
        ]
        let messages = try LiveCheck(config: config).run(analysis, schema: renamed, url: try Self.url(), applySchema: true).map(
            \.description)
        #expect(
            messages.contains { $0.contains("Karma: the server rejects the query: ERROR:  column \"karma\" does not exist") }, "\(messages)"
        )
    }
}
