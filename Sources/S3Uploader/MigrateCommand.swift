import ArgumentParser
import Database
import Logging
import PostgresNIO
import Settings

/// `s3uploader migrate`: applies the schema migrations embedded at build time.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply sql/schema migrations (embedded in the binary) in order, each in a transaction.",
        discussion: SettingsDocumentation.help(ServiceSettings.migrate)
    )

    @Argument(parsing: .allUnrecognized, help: .hidden) var settingFlags: [String] = []

    func run() async throws {
        let settings = try await SettingValues.forCommand(ServiceSettings.migrate, flags: settingFlags)
        guard let url = settings[ServiceSettings.databaseURL] else {
            throw ValidationError("DATABASE_URL (or --database-url) is required")
        }
        let logger = Logger.service(level: settings[ServiceSettings.logLevel])
        let client = PostgresClient(configuration: try DatabaseURL.parse(url), backgroundLogger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let applied = try await Migrator(client: client, logger: logger).migrate()
            print(applied.isEmpty ? "database is up to date" : "applied: " + applied.map(\.name).joined(separator: ", "))
        }
    }
}
