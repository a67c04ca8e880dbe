import ArgumentParser
import Server
import Settings

/// `s3uploader worker`: runs job workers (processing, webhooks, reaper) without the HTTP API.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract:
            "Run job workers only (no HTTP): upload processing, webhook delivery, the reaper. Start any number of instances; jobs are shared through PostgreSQL.",
        discussion: SettingsDocumentation.help(ServiceSettings.worker)
    )

    @Flag(help: "Don't apply migrations at start.") var noMigrate = false
    @Argument(parsing: .allUnrecognized, help: .hidden) var settingFlags: [String] = []

    func run() async throws {
        let settings = try await SettingValues.forCommand(ServiceSettings.worker, flags: settingFlags)
        let service: WorkerService
        do {
            service = try WorkerService(
                settings: settings, migrate: !noMigrate, logger: .service(level: settings[ServiceSettings.logLevel]))
        } catch {
            throw ValidationError("\(error)")
        }
        try await service.run()
    }
}
