import Auth
import Database
import Hummingbird
import Jobs
import Logging
import Middleware
import PostgresNIO
import ServiceLifecycle
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
    let services = ServiceGraph(
        configuration: configuration, queries: Queries(client: dependencies.postgres), store: dependencies.store, logger: logger)

    let router = Router(context: UploaderRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: AccessLogMiddleware())
    if let policy = configuration.crossOrigin {
        // Before routing and authentication: preflights carry no token.
        router.add(middleware: CrossOriginMiddleware(policy: policy))
    }
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: ExpectContinueMiddleware())
    HealthRoutes(postgres: dependencies.postgres, store: dependencies.store, logger: logger).register(on: router)
    let authenticated = router.group().add(middleware: BearerAuthMiddleware(verifier: dependencies.tokenVerifier))
    let directRoutes = DirectUploadRoutes<UploaderRequestContext>(service: services.direct)
    FileRoutes(uploads: services.uploads, library: services.library, direct: directRoutes).register(on: authenticated)
    directRoutes.register(on: authenticated)
    StatusRoutes(service: services.direct, workerToken: configuration.directUploads.workerToken).register(on: router)
    if let receiver = services.localReceiver {
        ObjectEndpointRoutes(receiver: receiver).register(on: router)
    }
    ChunkedUploadRoutes(chunks: services.chunks, library: services.library).register(on: authenticated)
    let tusRoutes = TusRoutes<UploaderRequestContext>(tus: services.tus)
    tusRoutes.registerDiscovery(on: router)
    tusRoutes.register(on: authenticated)

    // Background work waits for the schema: `serve` may be migrating a fresh database while it starts.
    var background: [any Service] = []
    if configuration.directUploads.jobs.workers > 0 {
        background.append(
            ServiceGraph.workerPool(
                postgres: dependencies.postgres, store: dependencies.store, configuration: configuration.directUploads, logger: logger))
    }
    let schema = SchemaReadiness()
    let lifecycle: [any Service] = [dependencies.postgres] + background.map { AfterSchemaReady(readiness: schema, next: $0) }

    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(additionalChannelHandlers: [LargeReadsHandler(), ExpectContinueHandler()], idleTimeout: .seconds(120))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "s3uploader"),
        services: lifecycle,
        logger: logger
    )
    let migrate = configuration.migrateOnStart
    app.beforeServerStarts {
        if migrate {
            let applied = try await Migrator(client: dependencies.postgres, logger: logger).migrate()
            logger.info("database migrated", metadata: ["applied": "\(applied.map(\.name))"])
        }
        await schema.markReady()
    }
    return app
}
