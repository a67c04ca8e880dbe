import AsyncHTTPClient
import Auth
import Database
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// `s3uploader serve`: makes the clients the application needs, runs it until SIGINT/SIGTERM, and
/// shuts the clients down.
public struct UploaderService: Sendable {
    public let configuration: ServerConfiguration
    public let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        httpConfiguration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        do {
            let dependencies = ApplicationDependencies(
                postgres: PostgresClient(configuration: try DatabaseURL.parse(configuration.databaseURL), backgroundLogger: logger),
                store: try ObjectStoreFactory.make(configuration.storage, httpClient: httpClient, logger: logger),
                tokenVerifier: try await TokenVerifier(configuration: configuration.tokens, httpClient: httpClient)
            )
            let app = buildApplication(configuration: configuration, dependencies: dependencies, logger: logger)
            try await app.runService()
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }
}
