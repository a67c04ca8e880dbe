import Auth
import Database
import Hummingbird
import Logging
import Middleware
import PostgresNIO
import Storage
import Uploads

/// What the application talks to; made by `UploaderService` (or by tests).
public struct ApplicationDependencies: Sendable {
    public var postgres: PostgresClient
    public var store: any ObjectStore
    public var tokenVerifier: TokenVerifier

    public init(postgres: PostgresClient, store: any ObjectStore, tokenVerifier: TokenVerifier) {
        self.postgres = postgres
        self.store = store
        self.tokenVerifier = tokenVerifier
    }
}

/// The Hummingbird application: middleware, routes, and the PostgreSQL client as a managed service.
public func buildApplication(
    configuration: ServerConfiguration,
    dependencies: ApplicationDependencies,
    logger: Logger
) -> some ApplicationProtocol {
    let queries = Queries(client: dependencies.postgres)
    let budget = BufferBudget(capacity: configuration.uploadBufferBytes)

    let router = Router(context: UploaderRequestContext.self)
    router.addMiddleware {
        RequestIDMiddleware()
        AccessLogMiddleware()
        ProblemMiddleware()
    }
    HealthRoutes(postgres: dependencies.postgres, store: dependencies.store, logger: logger).register(on: router)
    FileRoutes(
        uploads: FileUploadService(
            queries: queries, store: dependencies.store, budget: budget, settings: configuration.uploads, logger: logger),
        library: FileLibrary(queries: queries, store: dependencies.store, logger: logger)
    ).register(on: router.group().add(middleware: BearerAuthMiddleware(verifier: dependencies.tokenVerifier)))

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "s3uploader"),
        services: [dependencies.postgres],
        logger: logger
    )
    if configuration.migrateOnStart {
        app.beforeServerStarts {
            let applied = try await Migrator(client: dependencies.postgres, logger: logger).migrate()
            logger.info("database migrated", metadata: ["applied": "\(applied.map(\.name))"])
        }
    }
    return app
}
