import ServiceLifecycle

/// Whether the database schema is ready for background work: on a fresh database, `serve` migrates
/// while its services start, and a worker or reaper querying `jobs` before then only fails.
actor SchemaReadiness {
    private(set) var isReady = false

    func markReady() { isReady = true }
}

/// Runs `next` once the schema is ready; ends quietly if shut down before that.
struct AfterSchemaReady: Service {
    let readiness: SchemaReadiness
    let next: any Service

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while await !readiness.isReady { try await Task.sleep(for: .milliseconds(50)) }
            }
        } catch is CancellationError {
            return
        }
        try await next.run()
    }
}
