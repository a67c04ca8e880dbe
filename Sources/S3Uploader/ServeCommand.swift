import ArgumentParser
import Logging
import Server
import Settings

/// `s3uploader serve`: the HTTP API, and job workers unless `WORKERS` is 0.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (migrates the database first unless --no-migrate).",
        discussion: SettingsDocumentation.help(ServiceSettings.serve)
    )

    @Flag(help: "Don't apply migrations at start.") var noMigrate = false
    /// The settings' flags, listed under SETTINGS above and checked against their declarations.
    @Argument(parsing: .allUnrecognized, help: .hidden) var settingFlags: [String] = []

    func run() async throws {
        LargeAllocations.returnToSystemWhenFreed()
        let settings = try await SettingValues.forCommand(ServiceSettings.serve, flags: settingFlags)
        var configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration(settings: settings)
        } catch {
            throw ValidationError("\(error)")
        }
        if noMigrate { configuration.migrateOnStart = false }
        try await UploaderService(configuration: configuration, logger: .service(level: settings[ServiceSettings.logLevel])).run()
    }
}
