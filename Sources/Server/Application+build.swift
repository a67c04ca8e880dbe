import Auth
import Database
import Hummingbird
import Jobs
import ServiceLifecycle
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
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: AccessLogMiddleware())
    if let policy = configuration.crossOrigin {
        // Before routing and authentication: preflights carry no token.
        router.add(middleware: CrossOriginMiddleware(policy: policy))
    }
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: ExpectContinueMiddleware())
    HealthRoutes(postgres: dependencies.postgres, store: dependencies.store, logger: logger).register(on: router)
    let library = FileLibrary(queries: queries, store: dependencies.store, logger: logger)
    let direct = DirectUploadWiring(configuration: configuration, store: dependencies.store, queries: queries, logger: logger)
    let directRoutes = DirectUploadRoutes<UploaderRequestContext>(service: direct.service)
    let authenticated = router.group().add(middleware: BearerAuthMiddleware(verifier: dependencies.tokenVerifier))
    FileRoutes(
        uploads: FileUploadService(
            records: FileRecords(queries: queries), store: dependencies.store, budget: budget, settings: configuration.uploads,
            logger: logger),
        library: library,
        direct: directRoutes
    ).register(on: authenticated)
    directRoutes.register(on: authenticated)
    StatusRoutes(service: direct.service, workerToken: configuration.directUploads.workerToken).register(on: router)
    if let receiver = direct.localReceiver {
        ObjectEndpointRoutes(receiver: receiver).register(on: router)
    }
    // Background work waits for the schema: `serve` may be migrating a fresh database while it starts.
    var background: [any Service] = []
    if configuration.directUploads.jobs.workers > 0 {
        background.append(JobProcessors.workerPool(
            postgres: dependencies.postgres, store: dependencies.store, configuration: configuration.directUploads, logger: logger))
    }
    let resumable = ResumableUploadWiring(
        configuration: configuration, store: dependencies.store, queries: queries, budget: budget, logger: logger)
    ChunkedUploadRoutes(chunks: resumable.chunks, library: library).register(on: authenticated)
    let tusRoutes = TusRoutes<UploaderRequestContext>(tus: resumable.tus)
    tusRoutes.registerDiscovery(on: router)
    tusRoutes.register(on: authenticated)
    let schema = SchemaReadiness()
    let services: [any Service] = [dependencies.postgres] + background.map { AfterSchemaReady(readiness: schema, next: $0) }

    var app = Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [LargeReadsHandler(), ExpectContinueHandler()], idleTimeout: .seconds(120))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "s3uploader"),
        services: services,
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
