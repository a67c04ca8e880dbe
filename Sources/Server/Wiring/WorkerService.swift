import AsyncHTTPClient
import Database
import Foundation
import Jobs
import Logging
import PostgresNIO
import ServiceLifecycle
import Settings

/// `s3uploader worker`: job workers without HTTP (any number of instances, on any machine that reaches
/// the database and the store). Reads `ServiceSettings.worker`: the database, the store, the jobs and
/// webhooks; no token configuration.
public struct WorkerService: Sendable {
    public let databaseURL: String
    public let storage: StorageConfiguration
    public let configuration: DirectUploadConfiguration
    public let migrate: Bool
    public let logger: Logger

    public init(settings values: SettingValues, migrate: Bool, logger: Logger) throws {
        guard let databaseURL = values[ServiceSettings.databaseURL] else {
            throw ConfigurationError.missing("DATABASE_URL", hint: "postgres://user:pass@host:port/db")
        }
        self.databaseURL = databaseURL
        storage = try StorageConfiguration(settings: values)
        let configuration = try DirectUploadConfiguration(workerSettings: values)
        guard configuration.jobs.workers > 0 else { throw ConfigurationError.invalid("WORKERS", reason: "must be at least 1 for `worker`") }
        self.configuration = configuration
        self.migrate = migrate
        self.logger = logger
    }

    public func run() async throws {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let postgres = PostgresClient(configuration: try DatabaseURL.parse(databaseURL), backgroundLogger: logger)
            let store = try ObjectStoreFactory.make(storage, httpClient: httpClient, logger: logger)
            let pool = ServiceGraph.workerPool(postgres: postgres, store: store, configuration: configuration, logger: logger)
            let migrate = self.migrate
            let logger = self.logger
            let group = ServiceGroup(
                configuration: .init(
                    services: [
                        .init(service: postgres),
                        .init(
                            service: MigrateThen(postgres: postgres, migrate: migrate, next: pool, logger: logger),
                            successTerminationBehavior: .gracefullyShutdownGroup),
                    ],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger))
            try await group.run()
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }
}

/// Applies migrations (when asked), then runs `next`.
private struct MigrateThen<Next: Service>: Service {
    let postgres: PostgresClient
    let migrate: Bool
    let next: Next
    let logger: Logger

    func run() async throws {
        if migrate { _ = try await Migrator(client: postgres, logger: logger).migrate() }
        try await next.run()
    }
}
