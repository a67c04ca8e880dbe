import Database
import Foundation
import Logging
import PostgresNIO
import Testing

/// A fresh database with the corpus schema applied, from `TEST_DATABASE_URL`, dropped afterwards.
enum CorpusDatabase {
    static let environment = ProcessInfo.processInfo.environment
    static let isEnabled = environment["TEST_DATABASE_URL"] != nil || environment["REQUIRE_SERVICES"] == "1"
    static let logger = Logger(label: "SQLGenCorpusTests")
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/SQLGenCorpus"

    /// The up parts of the corpus migrations, in the order the generator applies them.
    static func schemaStatements() throws -> [String] {
        var statements: [String] = []
        for set in ["blog", "shop", "jobs", "catalog", "types"] {
            let folder = "\(corpus)/\(set)/schema"
            let names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".sql") && !$0.hasSuffix(".down.sql") }.sorted()
            for name in names {
                statements += upPart(try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8))
            }
        }
        return statements
    }

    /// Statements of a migration's up part (goose, dbmate, sql-migrate, tern; psql meta-commands dropped).
    static func upPart(_ text: String) -> [String] {
        var up = true
        var kept: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let compact = line.lowercased().replacingOccurrences(of: " ", with: "")
            if compact.hasPrefix("--+goose") || compact.hasPrefix("--+migrate") { up = compact.hasSuffix("up"); continue }
            if compact.hasPrefix("--migrate:") { up = compact == "--migrate:up"; continue }
            if compact.hasPrefix("----createabove") { up = false; continue }
            if line.hasPrefix("\\") { continue }
            if up { kept.append(String(line)) }
        }
        // The corpus has one `$$` body; split on `;` at line ends outside it.
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in kept {
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                statements.append(current)
                current = ""
            }
        }
        return statements.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    static func withQueries(_ body: (Queries) async throws -> Void) async throws {
        try await withDatabase { url in
            try await withClient(url) { client in try await body(Queries(client: client, logger: logger)) }
        }
    }

    /// A new database with the corpus schema, dropped afterwards.
    static func withDatabase(_ body: (DatabaseURL) async throws -> Void) async throws {
        let server = try DatabaseURL(try #require(environment["TEST_DATABASE_URL"], "TEST_DATABASE_URL is not set"))
        let name = "corpus_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try await withClient(server) { try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger) }
        var url = server
        url.database = String(name)
        do {
            try await withClient(url) { client in
                for statement in try schemaStatements() {
                    try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            }
            try await body(url)
        } catch {
            try? await withClient(server) { try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger) }
            throw error
        }
        try await withClient(server) { try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger) }
    }

    static func withClient(_ url: DatabaseURL, _ body: (PostgresClient) async throws -> Void) async throws {
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }
}
