import Hummingbird
import Logging
import Middleware
import PostgresNIO
import Storage

/// `/healthz` (the process is up) and `/readyz` (PostgreSQL and the object store answer); no auth.
struct HealthRoutes<Context: UploaderContext>: Sendable {
    let postgres: PostgresClient
    let store: any ObjectStore
    let logger: Logger

    func register(on router: Router<Context>) {
        router.get("/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("/readyz") { _, _ in try await readiness() }
    }

    private func readiness() async throws -> Response {
        var failures: [String] = []
        do {
            _ = try await postgres.query("SELECT 1", logger: logger).collect()
        } catch {
            logger.warning("readiness: database unreachable", metadata: ["error": "\(error)"])
            failures.append("database")
        }
        do {
            try await store.checkReadiness()
        } catch {
            logger.warning("readiness: object store unreachable", metadata: ["error": "\(error)"])
            failures.append("storage")
        }
        guard failures.isEmpty else {
            throw ProblemDetails.serviceUnavailable("Not ready: \(failures.joined(separator: ", ")) unreachable.")
        }
        return try JSONResponse.make(["status": "ready"])
    }
}
