import ArgumentParser
import Database
import Foundation
import Logging
import PostgresNIO

/// `s3uploader migrate`: applies the schema migrations embedded at build time.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply sql/schema migrations (embedded in the binary) in order, each in a transaction."
    )

    @Option(help: "postgres://user:pass@host:port/db?sslmode=… (DATABASE_URL).") var databaseURL: String?

    func run() async throws {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw ValidationError("DATABASE_URL (or --database-url) is required")
        }
        let logger = Logger.service(level: ProcessInfo.processInfo.environment["LOG_LEVEL"])
        let client = PostgresClient(configuration: try DatabaseURL.parse(url), backgroundLogger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let applied = try await Migrator(client: client, logger: logger).migrate()
            print(applied.isEmpty ? "database is up to date" : "applied: " + applied.map(\.name).joined(separator: ", "))
        }
    }
}
