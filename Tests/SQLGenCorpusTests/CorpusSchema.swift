import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// The corpus schema (`Tests/SQLGenCorpus/*/schema`), applied to a scratch database for the round trips.
enum CorpusSchema {
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
            if compact.hasPrefix("--+goose") || compact.hasPrefix("--+migrate") {
                up = compact.hasSuffix("up")
                continue
            }
            if compact.hasPrefix("--migrate:") {
                up = compact == "--migrate:up"
                continue
            }
            if compact.hasPrefix("----createabove") {
                up = false
                continue
            }
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

    /// Runs `body` with the corpus's generated queries on a scratch database holding the corpus schema.
    static func withQueries(_ body: (Queries) async throws -> Void) async throws {
        try await withDatabase { url in
            try await ScratchDatabase.withClient(configuration: url.configuration) { client in
                try await body(Queries(client: client, logger: ScratchDatabase.logger))
            }
        }
    }

    /// Runs `body` with the URL of a scratch database holding the corpus schema.
    static func withDatabase(_ body: (DatabaseURL) async throws -> Void) async throws {
        try await ScratchDatabase.with(prepare: { client in
            for statement in try schemaStatements() {
                try await client.query(PostgresQuery(unsafeSQL: statement), logger: ScratchDatabase.logger)
            }
        }) { database in
            try await body(try DatabaseURL(database.url))
        }
    }
}
