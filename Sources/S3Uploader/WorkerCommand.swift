import ArgumentParser
import Foundation
import Logging
import Server

/// `s3uploader worker`: runs job workers (processing, webhooks, reaper) without the HTTP API.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run job workers only (no HTTP): upload processing, webhook delivery, the reaper.",
        discussion: """
        Reads DATABASE_URL, the STORAGE_*/S3_* variables, and the JOB_*, REAPER_*, WEBHOOK_* variables \
        (see README). Start any number of instances; jobs are shared through PostgreSQL.
        """
    )

    @Option(help: "Worker loops in this process (WORKERS, default 2).") var workers: Int?
    @Option(help: "postgres://user:pass@host:port/db?sslmode=… (DATABASE_URL).") var databaseURL: String?
    @Option(help: "Log level (LOG_LEVEL, default info).") var logLevel: String?
    @Flag(help: "Don't apply migrations at start.") var noMigrate = false

    func run() async throws {
        var environment = ProcessInfo.processInfo.environment
        if let databaseURL { environment["DATABASE_URL"] = databaseURL }
        if let logLevel { environment["LOG_LEVEL"] = logLevel }
        let logger = Logger.service(level: environment["LOG_LEVEL"])
        let service: WorkerService
        do {
            service = try WorkerService(environment: environment, workers: workers, migrate: !noMigrate, logger: logger)
        } catch {
            throw ValidationError("\(error)")
        }
        try await service.run()
    }
}
